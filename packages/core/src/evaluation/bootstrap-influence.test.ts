import { describe, expect, it } from 'vitest';
import {
  computeMetric,
  improvement,
  type MetricColumns,
  parseMetric,
  prepareRows,
} from '../metrics/registry.js';
import { type BootstrapInput, planBootstrap } from './bootstrap.js';
import { chooseIntervalMethod, improvementInfluence, influenceInterval } from './bootstrap-influence.js';
import { orderByScore } from './bootstrap-ranking.js';
import { seededRandom } from './random.js';
import { gammaWeightedScore } from './windows.js';

/**
 * Small fixtures with heavy ties (scores on a 0.1 grid), windows of different sizes and one window with a single
 * class (undefined metric, left out of the decayed score).
 */
function fixture(metric: string, seed: number, gamma: number, normalize: boolean): BootstrapInput {
  const r = seededRandom(seed);
  const sizes = [40, 25, 12, 30];
  const n = sizes.reduce((a, b) => a + b, 0);
  const labels = new Float64Array(n);
  const champ = new Float64Array(n);
  const chall = new Float64Array(n);
  const windows: Uint32Array[] = [];
  let i = 0;
  for (const [k, size] of sizes.entries()) {
    const rows = new Uint32Array(size);
    for (let j = 0; j < size; j++, i++) {
      rows[j] = i;
      // window 2 holds negatives only
      labels[i] = k === 2 ? 0 : r() < 0.35 ? 1 : 0;
      champ[i] = Math.round((labels[i]! * 0.3 + r() * 0.7) * 10) / 10;
      chall[i] = Math.round((labels[i]! * 0.4 + r() * 0.6) * 10) / 10;
    }
    windows.push(rows);
  }
  return {
    spec: parseMetric(metric),
    champion: { labels, scores: champ },
    challenger: { labels, scores: chall },
    windows,
    gamma,
    normalize,
    resamples: 0,
    seed: 1,
  };
}

/** The decayed improvement under row weights, through the registry's weighted metric (the reference). */
function weightedImprovement(input: BootstrapInput, weights: Float64Array): number {
  const score = (columns: MetricColumns) =>
    gammaWeightedScore(
      input.windows.map((rows) =>
        computeMetric(input.spec, columns, prepareRows(input.spec, columns, rows), weights),
      ),
      input.gamma,
      input.normalize,
    )!;
  return improvement(input.spec, score(input.challenger), score(input.champion));
}

describe('influence of each row on the paired improvement', () => {
  for (const metric of ['average-precision', 'roc-auc'])
    for (const [gamma, normalize] of [
      [0.7, true],
      [0.5, false],
      [1, true],
    ] as const)
      it(`equals a finite difference of the weighted ${metric} (ties, a one-class window, γ ${gamma}, normalize ${normalize})`, () => {
        const input = fixture(metric, 3, gamma, normalize);
        const plan = planBootstrap(input);
        const { influence } = improvementInfluence(plan);
        // Where each row sits in the challenger's order (the plan's index of the influence).
        const position = new Uint32Array(input.challenger.labels.length);
        let start = 0;
        for (const rows of input.windows) {
          orderByScore(input.challenger, rows, new Uint8Array(start + rows.length), start, (row, j) => {
            position[row] = j;
          });
          start += rows.length;
        }
        const h = 1e-5;
        const weights = new Float64Array(input.challenger.labels.length).fill(1);
        let nonzero = 0;
        const oneClass = new Set(input.windows[2]);
        for (let row = 0; row < weights.length; row++) {
          weights[row] = 1 + h;
          const up = weightedImprovement(input, weights);
          weights[row] = 1 - h;
          const down = weightedImprovement(input, weights);
          weights[row] = 1;
          const numeric = (up - down) / (2 * h);
          expect(influence[position[row]!]).toBeCloseTo(numeric, 8);
          if (oneClass.has(row)) expect(influence[position[row]!]).toBe(0);
          else if (Math.abs(numeric) > 1e-6) nonzero++;
        }
        // The one-class window's rows have no influence; most others have some (under AP, not the negatives
        // ranked below every positive of both models).
        expect(nonzero).toBeGreaterThan(weights.length / 2);
      });
});

describe('influence-function interval', () => {
  it('gives a zero standard error and an all-or-none share when both models rank alike', () => {
    const input = fixture('average-precision', 4, 0.8, true);
    const same = { ...input, champion: input.challenger };
    expect(influenceInterval(planBootstrap(same))).toMatchObject({
      low: 0,
      high: 0,
      standard_error: 0,
      share_challenger_better: 0,
    });
  });
});

describe('bootstrap-method auto', () => {
  /** Windows of `size` rows with `positives` positives each (plus a one-class window, which does not count). */
  const sample = (windows: number, size: number, positives: number) => {
    const labels = new Float64Array(windows * size + 10);
    const rows = Array.from({ length: windows }, (_, k) => {
      for (let i = 0; i < positives; i++) labels[k * size + i] = 1;
      return Uint32Array.from({ length: size }, (_, i) => k * size + i);
    });
    rows.push(Uint32Array.from({ length: 10 }, (_, i) => windows * size + i));
    return { rows, labels };
  };
  const choose = (metric: string, s: ReturnType<typeof sample>) =>
    chooseIntervalMethod('auto', parseMetric(metric), s.rows, s.labels);

  it('takes the influence interval for AP and ROC AUC from 50,000 rows and 200 of each class per window', () => {
    const large = sample(4, 15_000, 300);
    expect(choose('roc-auc', large)).toEqual({
      method: 'influence',
      reason:
        'bootstrap-method auto: 60,010 rows, at least 300 of each class in every scored window (influence from 50,000 rows and 200 of each class per window)',
    });
    expect(choose('average-precision', large).method).toBe('influence');
    expect(choose('roc-auc', sample(4, 12_000, 300)).method).toBe('poisson'); // 48,010 rows
    expect(choose('roc-auc', sample(4, 15_000, 199)).method).toBe('poisson');
    // AP also needs positives at 1 % of each window (0.5 % underestimates the resampled SE): ROC AUC does not.
    expect(choose('average-precision', sample(4, 40_000, 300)).method).toBe('poisson');
    expect(choose('average-precision', sample(4, 40_000, 300)).reason).toMatch(
      /positives at least 0\.75 % of each, resampled \(.*positives at least 1 %\)$/,
    );
    expect(choose('roc-auc', sample(4, 40_000, 300)).method).toBe('influence');
  });

  it('resamples the other metrics, and an explicit setting is kept as given', () => {
    const large = sample(4, 15_000, 300);
    expect(choose('log-loss', large)).toMatchObject({ method: 'poisson' });
    expect(chooseIntervalMethod('poisson', parseMetric('roc-auc'), large.rows, large.labels)).toEqual({
      method: 'poisson',
      reason: 'bootstrap-method: poisson',
    });
    expect(chooseIntervalMethod('influence', parseMetric('roc-auc'), [], new Float64Array(0)).method).toBe(
      'influence',
    );
  });
});
