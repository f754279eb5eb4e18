import { computeMetric, type MetricColumns, type MetricSpec, prepareRows } from '../metrics/registry.js';
import { percentileSorted, seededRandom } from './random.js';

/**
 * Confidence-based performance estimation (CBPE, as NannyML's): when a window's labels are not in yet, its metric is
 * estimated from the scores alone. Scores are calibrated on labelled reference rows with isotonic regression (pool
 * adjacent violators, predictions interpolated linearly between fitted points and clipped at the ends, as
 * sklearn's IsotonicRegression(out_of_bounds='clip')); the calibrated probability of each unlabelled row is its
 * chance of being positive. Each resample refits the calibration on a bootstrap of the reference rows, draws every
 * window row's label from its calibrated probability, and scores the metric exactly as on real labels; the estimate
 * is the mean and the interval the 2.5th–97.5th percentiles, so both label noise and calibration error are in it.
 * It assumes the score-to-outcome relation is unchanged (covariate shift only), which is what it cannot check.
 */

/** A fitted isotonic calibration: increasing knots (x) and calibrated probabilities (y). */
export interface IsotonicCalibration {
  x: Float64Array;
  y: Float64Array;
}

/** Isotonic regression of labels on scores, with optional row weights (rows with weight 0 are left out). */
export function fitIsotonic(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  rows: Uint32Array,
  weights?: ArrayLike<number>,
): IsotonicCalibration {
  const order = Uint32Array.from(rows).sort((a, b) => scores[a]! - scores[b]!);
  // Merge equal scores first (sklearn does too): one point per distinct score with its weighted mean label.
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const r of order) {
    const w = weights ? weights[r]! : 1;
    if (w <= 0) continue;
    const last = xs.length - 1;
    if (last >= 0 && xs[last] === scores[r]) {
      ys[last]! += w * labels[r]!;
      ws[last]! += w;
    } else {
      xs.push(scores[r]!);
      ys.push(w * labels[r]!);
      ws.push(w);
    }
  }
  // Pool adjacent violators on blocks (sum of weighted labels, weight, first point index).
  const sum: number[] = [];
  const weight: number[] = [];
  const start: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    sum.push(ys[i]!);
    weight.push(ws[i]!);
    start.push(i);
    while (sum.length > 1 && sum.at(-2)! / weight.at(-2)! >= sum.at(-1)! / weight.at(-1)!) {
      const s = sum.pop()!;
      const w = weight.pop()!;
      start.pop();
      sum[sum.length - 1]! += s;
      weight[weight.length - 1]! += w;
    }
  }
  // Knots: each block's first and last distinct score, at the block's mean.
  const kx: number[] = [];
  const ky: number[] = [];
  for (let b = 0; b < sum.length; b++) {
    const first = start[b]!;
    const last = (b + 1 < start.length ? start[b + 1]! : xs.length) - 1;
    const value = sum[b]! / weight[b]!;
    kx.push(xs[first]!);
    ky.push(value);
    if (last > first) {
      kx.push(xs[last]!);
      ky.push(value);
    }
  }
  return { x: Float64Array.from(kx), y: Float64Array.from(ky) };
}

/** Calibrated probability of one score (linear between knots, clipped outside them). */
export function calibrate(calibration: IsotonicCalibration, score: number): number {
  const { x, y } = calibration;
  const n = x.length;
  if (n === 0) return Number.NaN;
  if (score <= x[0]!) return y[0]!;
  if (score >= x[n - 1]!) return y[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= score) lo = mid;
    else hi = mid;
  }
  const t = (score - x[lo]!) / (x[hi]! - x[lo]!);
  return y[lo]! + t * (y[hi]! - y[lo]!);
}

/** Metrics CBPE can estimate: binary labels scored per row (not grouped). */
export function canEstimate(spec: MetricSpec): boolean {
  return spec.labels === 'binary' && spec.kind !== 'group-ranking';
}

/** An estimated metric value with its interval. */
export interface PerformanceEstimate {
  method: 'cbpe';
  value: number;
  /** 2.5th and 97.5th percentiles of the resampled estimates. */
  low: number;
  high: number;
  /** Labelled reference rows the calibration was fitted on. */
  calibration_rows: number;
  resamples: number;
}

export interface EstimateInput {
  spec: MetricSpec;
  scores: Float64Array;
  /** Labels of the calibration rows (other entries are ignored). */
  labels: Float64Array;
  calibrationRows: Uint32Array;
  /** Rows of each window to estimate. */
  windows: Uint32Array[];
  resamples?: number;
  seed?: number;
}

/** CBPE estimates for each window (null where the metric is undefined in every resample). */
export function estimatePerformance(input: EstimateInput): (PerformanceEstimate | null)[] {
  const { spec, scores, labels, calibrationRows } = input;
  const resamples = input.resamples ?? 200;
  const random = seededRandom(input.seed ?? 42);
  const sampled = new Float64Array(scores.length);
  const ones = new Float64Array(scores.length).fill(1);
  const columns: MetricColumns = { labels: sampled, scores };
  const prepared = input.windows.map((rows) => prepareRows(spec, columns, rows));
  const weights = new Float64Array(scores.length);
  const values = input.windows.map(() => [] as number[]);
  for (let b = 0; b < resamples; b++) {
    weights.fill(0);
    for (let j = 0; j < calibrationRows.length; j++)
      weights[calibrationRows[Math.floor(random() * calibrationRows.length)]!]! += 1;
    const calibration = fitIsotonic(scores, labels, calibrationRows, weights);
    input.windows.forEach((rows, w) => {
      for (const r of rows) sampled[r] = random() < calibrate(calibration, scores[r]!) ? 1 : 0;
      // Weights of one force the sorted-once path of ranking metrics; the value is the unweighted one.
      const value = computeMetric(spec, columns, prepared[w]!, spec.kind === 'ranking' ? ones : undefined);
      if (value !== null && Number.isFinite(value)) values[w]!.push(value);
    });
  }
  return values.map((v) => {
    if (v.length === 0) return null;
    const sorted = Float64Array.from(v).sort();
    return {
      method: 'cbpe',
      value: v.reduce((a, x) => a + x, 0) / v.length,
      low: percentileSorted(sorted, 2.5),
      high: percentileSorted(sorted, 97.5),
      calibration_rows: calibrationRows.length,
      resamples,
    };
  });
}
