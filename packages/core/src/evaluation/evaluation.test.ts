import { describe, expect, it } from 'vitest';
import { parseMetric } from '../metrics/registry.js';
import { pairedBootstrap } from './bootstrap.js';
import { type EvaluationInput, evaluateChampionChallenger } from './evaluate.js';
import { percentileSorted, seededRandom } from './random.js';
import { assignWindows, gammaWeightedScore, rowsByWindow, windowBounds } from './windows.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const asOf = Date.parse('2026-11-23T00:00:00Z');

describe('windows', () => {
  const plan = { asOf, windowMs: WEEK, maxWindows: 3 };
  it('puts t = as-of - k·W in window k (upper bound inclusive, lower bound exclusive)', () => {
    const t = [
      asOf,
      asOf - 1,
      asOf - WEEK,
      asOf - WEEK - 1,
      asOf - 2 * WEEK,
      asOf - 3 * WEEK + 1,
      asOf - 3 * WEEK,
      asOf + 1,
    ];
    expect(Array.from(assignWindows(t, plan))).toEqual([0, 0, 1, 1, 2, 2, -1, -1]);
  });

  it('reports bounds and groups rows by window', () => {
    expect(windowBounds(plan, 1)).toEqual({ start: asOf - 2 * WEEK, end: asOf - WEEK });
    const rows = rowsByWindow(Int32Array.from([1, 0, -1, 1]), 3);
    expect(rows.map((r) => Array.from(r))).toEqual([[1], [0, 3], []]);
  });
});

describe('gammaWeightedScore', () => {
  it('is the weighted mean over defined windows, or the weighted sum without normalisation', () => {
    expect(gammaWeightedScore([0.5, 0.7, 0.9], 0.5, true)).toBeCloseTo((0.5 + 0.35 + 0.225) / 1.75, 15);
    expect(gammaWeightedScore([0.5, 0.7, 0.9], 0.5, false)).toBeCloseTo(0.5 + 0.35 + 0.225, 15);
  });
  it('skips undefined windows instead of counting them as 0', () => {
    expect(gammaWeightedScore([null, 0.7, 0.9], 0.5, true)).toBeCloseTo((0.35 + 0.225) / 0.75, 15);
    expect(gammaWeightedScore([null, null], 0.5, true)).toBeNull();
  });
  it('with gamma = 1 is the plain mean of window metrics', () => {
    expect(gammaWeightedScore([0.2, 0.4], 1, true)).toBeCloseTo(0.3, 15);
  });
});

describe('random helpers', () => {
  it('is deterministic for a seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
  it('interpolates percentiles like numpy', () => {
    expect(percentileSorted([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentileSorted([1, 2, 3, 4, 5], 2.5)).toBeCloseTo(1.1, 12);
  });
});

/** Two models over 3 weekly windows; the challenger ranks better in recent weeks. */
function scenario(n = 600): EvaluationInput {
  const random = seededRandom(1);
  const labels = new Float64Array(n);
  const champ = new Float64Array(n);
  const chall = new Float64Array(n);
  const timestamps = new Float64Array(n);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = random() < 0.3 ? 1 : 0;
    timestamps[i] = asOf - random() * 3 * WEEK;
    champ[i] = labels[i]! * 0.3 + random() * 0.7;
    chall[i] = labels[i]! * 0.5 + random() * 0.5;
    codes[i] = i % 2;
  }
  return {
    spec: parseMetric('average-precision'),
    plan: { asOf, windowMs: WEEK, maxWindows: 3 },
    gamma: 0.8,
    normalize: true,
    timestamps,
    challenger: { labels, scores: chall },
    champion: { labels, scores: champ },
    slices: [{ column: 'device', codes, values: ['mobile', 'desktop'] }],
    minImprovement: 0,
    minConfidence: 0,
    bootstrap: { resamples: 200, seed: 42 },
  };
}

describe('evaluateChampionChallenger', () => {
  it('promotes a better challenger, with a bootstrap interval above zero', () => {
    const out = evaluateChampionChallenger(scenario());
    expect(out.decision).toBe('promote');
    expect(out.challenger.score!).toBeGreaterThan(out.champion!.score!);
    expect(out.challenger.windows.map((w) => w.weight)).toEqual([1, 0.8, 0.8 ** 2]);
    expect(out.bootstrap!.low!).toBeGreaterThan(0);
    expect(out.bootstrap!.share_challenger_better).toBe(1);
    expect(out.slices.map((s) => s.value).sort()).toEqual(['desktop', 'mobile']);
  });

  it('keeps the champion when the roles are swapped, and says why', () => {
    const input = scenario();
    const out = evaluateChampionChallenger({
      ...input,
      champion: input.challenger,
      challenger: input.champion!,
    });
    expect(out.decision).toBe('keep');
    expect(out.reason).toMatch(
      /^Keep the champion: score \(challenger 0\.\d+ vs champion 1, higher is better and the challenger must be strictly better\)\.$/,
    );
  });

  it('inverts the comparison for lower-is-better metrics', () => {
    const input = scenario();
    const loss = { ...input, spec: parseMetric('log-loss') };
    const out = evaluateChampionChallenger(loss);
    expect(out.challenger.score!).toBeLessThan(out.champion!.score!);
    expect(out.decision).toBe('promote');
    expect(out.improvement!).toBeGreaterThan(0);
  });

  it('requires min-improvement and min-confidence when set', () => {
    const out = evaluateChampionChallenger({ ...scenario(), minImprovement: 1 });
    expect(out.decision).toBe('keep');
    const same = scenario();
    const tie = evaluateChampionChallenger({ ...same, champion: same.challenger, minConfidence: 0.5 });
    expect(tie.decision).toBe('keep');
    expect(tie.bootstrap!.share_challenger_better).toBe(0);
    expect(tie.guards.find((g) => g.name === 'confidence')!.holds).toBe(false);
  });

  it('blocks promotion when a guarded slice regresses beyond the allowance', () => {
    const input = scenario();
    // The challenger is worse than the champion on mobile rows only.
    const chall = Float64Array.from(input.challenger.scores);
    for (let i = 0; i < chall.length; i += 2) chall[i] = 1 - chall[i]!;
    const out = evaluateChampionChallenger({
      ...input,
      challenger: { labels: input.challenger.labels, scores: chall },
      guardSlices: ['device=mobile'],
      maxSliceRegression: 0.01,
    });
    const mobile = out.slices.find((s) => s.value === 'mobile')!;
    expect(mobile.guarded).toBe(true);
    expect(mobile.holds).toBe(false);
    expect(out.decision).toBe('keep');
    expect(out.reason).toContain('slice device=mobile');
  });

  it('promotes the first model when there is no champion, and says so', () => {
    const { champion: _unused, ...input } = scenario();
    const out = evaluateChampionChallenger(input);
    expect(out.decision).toBe('promote');
    expect(out.reason).toMatch(/^No champion to compare with/);
    expect(out.bootstrap).toBeNull();
  });

  it('skips and reports windows where the metric is undefined', () => {
    const input = scenario(60);
    const labels = Float64Array.from(input.challenger.labels);
    const windows = assignWindows(input.timestamps, input.plan);
    for (let i = 0; i < labels.length; i++) if (windows[i] === 1) labels[i] = 0;
    const out = evaluateChampionChallenger({
      ...input,
      challenger: { labels, scores: input.challenger.scores },
      champion: { labels, scores: input.champion!.scores },
    });
    expect(out.challenger.windows[1]).toMatchObject({ value: null, skipped: 'no positive label' });
    expect(out.challenger.score).not.toBeNull();
  });

  it('fails clearly when no row is in any window or the guard names a missing slice', () => {
    expect(() =>
      evaluateChampionChallenger({
        ...scenario(),
        plan: { asOf: asOf - 10 * WEEK, windowMs: WEEK, maxWindows: 3 },
      }),
    ).toThrow(/No row falls in the evaluation windows/);
    expect(() => evaluateChampionChallenger({ ...scenario(), guardSlices: ['device=tablet'] })).toThrow(
      'Guarded slice "device=tablet" does not exist in the evaluated data.',
    );
  });
});

describe('pairedBootstrap', () => {
  it('is reproducible for a seed and resamples groups for ranking metrics', () => {
    const input = scenario(200);
    const rows = rowsByWindow(assignWindows(input.timestamps, input.plan), 3);
    const groups = Int32Array.from({ length: 200 }, (_, i) => i % 20);
    const spec = parseMetric('map@5');
    const args = {
      spec,
      champion: { ...input.champion!, groups },
      challenger: { ...input.challenger, groups },
      windows: rows,
      gamma: 0.8,
      normalize: true,
      resamples: 50,
      seed: 3,
      groupCount: 20,
    };
    expect(pairedBootstrap(args)).toEqual(pairedBootstrap(args));
    expect(pairedBootstrap(args).resamples).toBe(50);
  });
});
