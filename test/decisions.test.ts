import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runStep } from './harness/runner.js';

// Issue 18 through the bundled actions: decisions that state their evidence.

/** Two models of equal skill in one file (score_a, score_b): independent noise on the same signal. */
function equalModels(seed: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'decisions-eval-'));
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const lines = ['id,timestamp,label,score_a,score_b'];
  const start = Date.parse('2026-10-01T00:00:00Z');
  for (let i = 0; i < 3000; i++) {
    const label = random() < 0.3 ? 1 : 0;
    const t = new Date(start + i * 600_000).toISOString();
    lines.push(
      `e${i},${t},${label},${(label * 0.6 + random()).toFixed(5)},${(label * 0.6 + random()).toFixed(5)}`,
    );
  }
  writeFileSync(join(dir, 'scores.csv'), `${lines.join('\n')}\n`);
  return dir;
}

describe('evaluate-challenger decides on evidence (bundled action)', () => {
  const inputs = {
    champion: 'scores.csv',
    challenger: 'scores.csv',
    'champion-score-column': 'score_a',
    'challenger-score-column': 'score_b',
    bootstrap: 300,
  };

  it('keeps the champion when a slightly better point estimate is not confident, and says how many rows would do', async () => {
    const workspace = equalModels(11);
    const res = await runStep('evaluate-challenger', { event: 'schedule', workspace, inputs });
    expect(res.errors).toEqual([]);
    const result = JSON.parse(readFileSync(resolve(workspace, res.outputs['result-json']!), 'utf8'));
    expect(result.improvement).toBeGreaterThan(0);
    expect(res.outputs.decision).toBe('keep');
    expect(result.evidence).toMatchObject({ rule: 'confident', min_confidence: 0.95, enough: false });
    expect(result.evidence.share_challenger_better).toBeLessThan(0.95);
    expect(result.evidence.rows_needed).toBeGreaterThan(result.rows_evaluated);
    expect(res.outputs.reason).toMatch(/Not enough evidence: .* would be needed in total \(3,000 now\)\./);
    expect(res.summary).toContain('**Evidence:** Not enough evidence');

    // The old rule, by name: the same numbers promote on the point estimate alone.
    const point = await runStep('evaluate-challenger', {
      event: 'schedule',
      workspace,
      inputs: { ...inputs, 'decision-rule': 'point-estimate', 'result-path': 'point.json' },
    });
    expect(point.outputs.decision).toBe('promote');
    const pointResult = JSON.parse(readFileSync(join(workspace, 'point.json'), 'utf8'));
    expect(pointResult.evidence.statement).toMatch(/decision-rule: point-estimate/);

    // min-relative-improvement, as MLflow's min_relative_change: a 50 % relative gain is far from what this is.
    const relative = await runStep('evaluate-challenger', {
      event: 'schedule',
      workspace,
      inputs: { ...inputs, 'decision-rule': 'point-estimate', 'min-relative-improvement': 0.5 },
    });
    expect(relative.outputs.decision).toBe('keep');
    expect(relative.outputs.reason).toMatch(/relative \(relative improvement .*% must be at least 50%\)/);
  });

  it('rejects an unknown decision rule, naming the input and the value', async () => {
    const workspace = equalModels(1);
    const res = await runStep('evaluate-challenger', {
      event: 'schedule',
      workspace,
      inputs: { ...inputs, 'decision-rule': 'coin-flip' },
    });
    expect(res.exitCode).not.toBe(0);
    expect(res.errors.join('\n')).toContain(
      'Input "decision-rule" must be one of "confident", "point-estimate", got "coin-flip"',
    );
  });
});

function driftData(drift: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'decisions-drift-'));
  const args = [join(repoRoot, 'examples/data/drift/generate.mjs'), dir];
  if (drift) args.push('--drift');
  execFileSync(process.execPath, args);
  return dir;
}

describe('drift-report states its evidence (bundled action)', () => {
  const inputs = {
    predictions: 'predictions.csv',
    outcomes: 'outcomes.csv',
    reference: 'reference.csv',
    window: '1d',
    'max-windows': 14,
    'min-window-rows': 40, // about 57 predictions a day: below the default 100, no day would be scored
  };

  it('estimates the newest day, whose labels are half in, and marks it as estimated; rules read it only on opt-in', async () => {
    const workspace = driftData(false);
    const res = await runStep('drift-report', {
      event: 'schedule',
      workspace,
      inputs: { ...inputs, 'min-metric': 0.99 },
    });
    expect(res.errors).toEqual([]);
    const result = JSON.parse(readFileSync(resolve(workspace, res.outputs['result-json']!), 'utf8'));
    const newest = result.performance.windows[0];
    expect(newest.value).toBeNull();
    expect(newest.skipped).toMatch(/label coverage/);
    expect(newest.estimated).toMatchObject({ method: 'cbpe', resamples: 200 });
    expect(newest.estimated.low).toBeLessThanOrEqual(newest.estimated.value);
    expect(newest.estimated.high).toBeGreaterThanOrEqual(newest.estimated.value);
    // The estimate is near what the older, labelled days score (same model, no drift).
    expect(Math.abs(newest.estimated.value - result.performance.latest.value)).toBeLessThan(0.15);
    // Markdown escapes the parentheses and colon of the cell (&#40; &#58;); zero-width joiners keep GitHub from
    // linking data, so they are dropped before matching.
    expect(res.summary.replaceAll('\u200d', '')).toMatch(
      /\| ≈ 0\.\d+ estimated &#40;95%&#58; 0\.\d+ – [01]\.?\d* *; label coverage 50% below 80%&#41; \|/,
    );
    expect(res.outputs['retrain-reason']).toMatch(/in the latest scored window \(/);

    const optIn = await runStep('drift-report', {
      event: 'schedule',
      workspace,
      inputs: { ...inputs, 'min-metric': 0.99, 'retrain-on-estimated': true, 'result-path': 'opt-in.json' },
    });
    expect(optIn.outputs.retrain).toBe('true');
    expect(optIn.outputs['retrain-reason']).toMatch(/estimated from its scores \(CBPE, labels not in yet\)/);
    const optResult = JSON.parse(readFileSync(join(workspace, 'opt-in.json'), 'utf8'));
    expect(optResult.rules.retrain_on_estimated).toBe(true);
  });

  it('reports raw and adjusted p-values, effects and detectable shifts; the inputs switch the correction and minimums', async () => {
    const workspace = driftData(true);
    const res = await runStep('drift-report', {
      event: 'schedule',
      workspace,
      inputs: { ...inputs, window: '7d' },
    });
    expect(res.errors).toEqual([]);
    const result = JSON.parse(readFileSync(resolve(workspace, res.outputs['result-json']!), 'utf8'));
    expect(res.summary.replaceAll('\u200d', '')).toMatch(
      /Holm-adjusted p-value \(\d+ tests\) is below its threshold and the effect reaches its minimum \(0\.1 σ numeric, 5 points categorical\)/,
    );
    expect(res.summary.replaceAll('\u200d', '')).toMatch(
      /\| `tenure_days` \| numeric \| ks \| [^|]*adjusted [^|]* \| [\d.]+ σ &#40;min 0\.1 σ; detectable [\d.]+ σ&#41; \|/,
    );
    for (const f of Object.values(result.features) as any[]) {
      expect(f.detectable_shift).toBeGreaterThanOrEqual(f.effect.minimum);
      expect(f.p_value_adjusted).toBeGreaterThanOrEqual(f.p_value);
    }

    const none = await runStep('drift-report', {
      event: 'schedule',
      workspace,
      inputs: {
        ...inputs,
        window: '7d',
        correction: 'none',
        'min-shift': 0,
        'min-level-move': 0,
        'result-path': 'none.json',
      },
    });
    const raw = JSON.parse(readFileSync(join(workspace, 'none.json'), 'utf8'));
    expect(raw.drift_policy).toMatchObject({ correction: 'none', min_shift: 0, min_level_move: 0 });
    for (const f of Object.values(raw.features) as any[]) {
      expect(f.p_value_adjusted).toBe(f.p_value);
      expect(f.drift).toBe(f.p_value < f.threshold);
    }
    expect(none.exitCode).toBe(0);

    const bad = await runStep('drift-report', {
      event: 'schedule',
      workspace,
      inputs: { ...inputs, correction: 'bonferroni' },
    });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.errors.join('\n')).toContain(
      'Input "correction" must be one of "holm", "bh", "none", got "bonferroni"',
    );
  });
});
