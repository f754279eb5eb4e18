import { describe, expect, it } from 'vitest';
import { estimateUnlabelledWindows, windowForRetrainRules } from '../drift/estimated-performance.js';
import type { PerformanceWindow } from '../drift/result.js';
import { metricValue, parseMetric } from '../metrics/registry.js';
import { estimatePerformance } from './cbpe.js';
import { type EvaluationInput, evaluateChampionChallenger } from './evaluate.js';
import { promotionDecision } from './promotion.js';
import { seededRandom } from './random.js';

/** Scores with a known truth: P(y = 1 | s) = s², so the raw scores are miscalibrated and CBPE must calibrate. */
function simulate(seed: number, n: number, skew: number) {
  const r = seededRandom(seed);
  const scores = new Float64Array(n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    scores[i] = r() ** skew;
    labels[i] = r() < scores[i]! ** 2 ? 1 : 0;
  }
  return { scores, labels };
}

describe('CBPE estimates performance of unlabelled windows', () => {
  it.each(['average-precision', 'roc-auc', 'accuracy', 'precision', 'recall', 'f1'])(
    '%s: the realised value lies within the interval in at least 90 % of simulated windows',
    (name) => {
      const spec = parseMetric(name, 0.5);
      const reference = simulate(1, 4000, 1);
      let inside = 0;
      let error = 0;
      const windows = 8;
      for (let w = 0; w < windows; w++) {
        // Covariate shift: later windows hold more high scores; the score-to-outcome relation is unchanged.
        const current = simulate(100 + w, 1500, 1 - w * 0.05);
        const scores = Float64Array.from([...reference.scores, ...current.scores]);
        const labels = Float64Array.from([...reference.labels, ...current.labels.map(() => Number.NaN)]);
        const rows = Uint32Array.from(
          { length: current.scores.length },
          (_, i) => i + reference.scores.length,
        );
        const [estimate] = estimatePerformance({
          spec,
          scores,
          labels,
          calibrationRows: Uint32Array.from({ length: reference.scores.length }, (_, i) => i),
          windows: [rows],
          resamples: 60,
          seed: w,
        });
        const truth = metricValue(spec, current)!;
        if (estimate!.low <= truth && truth <= estimate!.high) inside++;
        error += Math.abs(estimate!.value - truth);
      }
      expect(inside / windows).toBeGreaterThanOrEqual(0.9);
      expect(error / windows).toBeLessThan(0.03);
    },
  );

  it('covers the realised value with only 1,000 labelled reference rows too (calibration error is in the interval)', () => {
    const spec = parseMetric('roc-auc');
    let inside = 0;
    const windows = 20;
    for (let w = 0; w < windows; w++) {
      const reference = simulate(500 + w, 1000, 1);
      const current = simulate(600 + w, 3000, 1);
      const scores = Float64Array.from([...reference.scores, ...current.scores]);
      const labels = Float64Array.from([...reference.labels, ...current.labels.map(() => Number.NaN)]);
      const [estimate] = estimatePerformance({
        spec,
        scores,
        labels,
        calibrationRows: Uint32Array.from({ length: 1000 }, (_, i) => i),
        windows: [Uint32Array.from({ length: 3000 }, (_, i) => i + 1000)],
        resamples: 60,
        seed: w,
      });
      const truth = metricValue(spec, current)!;
      if (estimate!.low <= truth && truth <= estimate!.high) inside++;
    }
    expect(inside / windows).toBeGreaterThanOrEqual(0.9);
  });

  it('estimates only the windows skipped for coverage, calibrating on the scored ones; rules opt in', () => {
    const spec = parseMetric('roc-auc');
    const a = simulate(3, 2000, 1);
    const b = simulate(4, 1000, 1);
    const scores = Float64Array.from([...a.scores, ...b.scores]);
    const labels = Float64Array.from([...a.labels, ...b.labels.map((y, i) => (i < 100 ? y : Number.NaN))]);
    const windowIndex = Int32Array.from(scores, (_, i) => (i < 2000 ? 1 : 0));
    const window = (k: number, rows: number, labeled: number, value: number | null): PerformanceWindow => ({
      k,
      start: '',
      end: '',
      rows,
      labeled,
      coverage: labeled / rows,
      value,
      ...(value === null ? { skipped: 'label coverage 10% below 80%' } : {}),
    });
    const windows = estimateUnlabelledWindows([window(0, 1000, 100, null), window(1, 2000, 2000, 0.8)], {
      metric: spec,
      scores,
      labels,
      windowIndex,
      minLabelCoverage: 0.8,
      resamples: 50,
    });
    expect(windows[1]!.estimated).toBeUndefined();
    expect(windows[0]!.estimated).toMatchObject({
      method: 'cbpe',
      calibration_rows: 2000,
      calibration_bins: 20,
      resamples: 50,
    });
    expect(windows[0]!.value).toBeNull();
    // A window with fewer predictions than min-window-rows gets no estimate either.
    const few = estimateUnlabelledWindows([window(0, 1000, 100, null), window(1, 2000, 2000, 0.8)], {
      metric: spec,
      scores,
      labels,
      windowIndex,
      minLabelCoverage: 0.8,
      minRows: 1001,
      resamples: 50,
    });
    expect(few[0]!.estimated).toBeUndefined();
    expect(windowForRetrainRules(windows, false)!.k).toBe(1);
    const rule = windowForRetrainRules(windows, true)!;
    expect(rule.k).toBe(0);
    expect(rule.value).toBe(windows[0]!.estimated!.value);
    // Group metrics cannot be estimated from scores row by row: windows come back unchanged.
    const map = estimateUnlabelledWindows(windows.slice(0, 1), {
      metric: parseMetric('map@5'),
      scores,
      labels,
      windowIndex,
      minLabelCoverage: 0.8,
    });
    expect(map[0]!.estimated).toMatchObject({ method: 'cbpe' }); // unchanged input, estimate from before
    expect(map).toBe(map);
  });
});

describe('promotion decided on evidence', () => {
  const spec = parseMetric('average-precision');
  const base = {
    spec,
    challengerScore: 0.51,
    championScore: 0.5,
    improvement: 0.01,
    rule: 'confident' as const,
    minImprovement: 0,
    minRelativeImprovement: 0,
    minConfidence: 0.95,
    rowsEvaluated: 10_000,
  };
  const boot = (share: number, se: number) => ({
    resamples: 1000,
    undefined_resamples: 0,
    low: 0,
    high: 0,
    share_challenger_better: share,
    standard_error: se,
    seed: 1,
  });

  it('keeps the champion when the challenger is better in too few resamples, and says how many rows would do', () => {
    const { guards, evidence } = promotionDecision({ ...base, bootstrap: boot(0.8, 0.01) });
    expect(guards.find((g) => g.name === 'confidence')!.holds).toBe(false);
    expect(evidence.enough).toBe(false);
    // z(0.95) = 1.6449: (1.6449 × 0.01 / 0.01)² × 10,000 = 27,055.4, rounded up.
    expect(evidence.rows_needed).toBe(27_056);
    expect(evidence.statement).toMatch(
      /^Not enough evidence: .*80% of bootstrap resamples, 95% required\. .*about 27,056 rows would be needed in total \(10,000 now\)\.$/,
    );
  });

  it('promotes with enough evidence; point-estimate decides on the point alone', () => {
    expect(promotionDecision({ ...base, bootstrap: boot(0.97, 0.005) }).evidence).toMatchObject({
      enough: true,
      rows_needed: null,
    });
    const point = promotionDecision({ ...base, rule: 'point-estimate', bootstrap: boot(0.6, 0.05) });
    expect(point.guards.map((g) => g.name)).toEqual(['score']);
    expect(point.evidence.enough).toBe(true);
    expect(point.evidence.statement).toContain('decision-rule: point-estimate');
  });

  it('applies min-relative-improvement as MLflow’s min_relative_change (improvement / |champion|)', () => {
    const { guards, evidence } = promotionDecision({
      ...base,
      minRelativeImprovement: 0.05,
      bootstrap: boot(0.99, 0.001),
    });
    expect(evidence.relative_improvement).toBeCloseTo(0.02, 12);
    expect(guards.find((g) => g.name === 'relative')).toMatchObject({ holds: false });
    expect(evidence.statement).toMatch(/not better by the required margin/);
    expect(evidence.rows_needed).toBeNull();
  });

  it('with default inputs promotes equal models in at most ~5 % of evaluations, unlike the point estimate', () => {
    const DAY = 86_400_000;
    let confident = 0;
    let point = 0;
    const runs = 40;
    for (let seed = 0; seed < runs; seed++) {
      const r = seededRandom(1000 + seed);
      const n = 800;
      const labels = new Float64Array(n);
      const a = new Float64Array(n);
      const b = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        labels[i] = r() < 0.3 ? 1 : 0;
        a[i] = labels[i]! * 0.5 + r();
        b[i] = labels[i]! * 0.5 + r();
      }
      const input: EvaluationInput = {
        spec,
        plan: { asOf: 10 * DAY, windowMs: 10 * DAY, maxWindows: 1 },
        gamma: 1,
        normalize: true,
        timestamps: new Float64Array(n).fill(5 * DAY),
        challenger: { labels, scores: a },
        champion: { labels, scores: b },
        minImprovement: 0,
        minConfidence: 0.95,
        bootstrap: { resamples: 200, seed },
      };
      if (evaluateChampionChallenger(input).decision === 'promote') confident++;
      if (evaluateChampionChallenger({ ...input, decisionRule: 'point-estimate' }).decision === 'promote')
        point++;
    }
    expect(confident / runs).toBeLessThanOrEqual(0.1);
    expect(point / runs).toBeGreaterThan(0.25);
  });
});
