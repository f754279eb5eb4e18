import { computeMetric, type MetricColumns, type MetricSpec, prepareRows } from '../metrics/registry.js';
import { percentileSorted, seededRandom } from './random.js';

/**
 * Confidence-based performance estimation (CBPE, as NannyML's): when a window's labels are not in yet, its metric is
 * estimated from the scores alone. Scores are calibrated on labelled reference rows by histogram binning: equal-count
 * bins of the reference scores (sklearn.calibration.calibration_curve(strategy='quantile'): the mean label and mean
 * score of each bin), read between bins by linear interpolation and clipped at the ends. Binning, not isotonic
 * regression: isotonic fits follow the labels' noise, which spreads the calibrated probabilities and inflated the
 * estimated ROC AUC by ~0.01 in simulation. Bins of >= 100 rows (5 to 20 bins) balance that noise against the
 * coarseness of few bins, which biased the estimate down (by ~0.02 with 5 bins of 200 rows; bench/decisions.ts).
 * Each resample redraws the reference rows (bootstrap) and refits the bin means, draws every window row's label from
 * its calibrated probability, and scores the metric exactly as on real labels; the estimate is the mean and the
 * interval the 2.5th–97.5th percentiles, so label noise and calibration error are both in it. It assumes the
 * score-to-outcome relation is unchanged (covariate shift only), which is what it cannot check.
 */

/** A fitted calibration: increasing knots (mean score per bin) and calibrated probabilities (mean label per bin). */
export interface Calibration {
  x: Float64Array;
  y: Float64Array;
}

/** Rows per calibration bin (at least), and the bounds on the number of bins. */
const CALIBRATION_ROWS_PER_BIN = 100;
const MIN_BINS = 5;
const MAX_BINS = 20;
/** Fewer labelled reference rows than this give no estimate. */
const MIN_CALIBRATION_ROWS = 100;

/** Number of calibration bins for this many labelled reference rows. */
export function calibrationBins(rows: number): number {
  return Math.max(MIN_BINS, Math.min(MAX_BINS, Math.floor(rows / CALIBRATION_ROWS_PER_BIN)));
}

/** Inner bin edges: numpy.quantile (linear) of the sorted scores at 1/bins … (bins-1)/bins. */
function innerEdges(sortedScores: Float64Array, bins: number): Float64Array {
  const edges = new Float64Array(bins - 1);
  const n = sortedScores.length;
  for (let i = 1; i < bins; i++) {
    const pos = (i / bins) * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    edges[i - 1] = sortedScores[lo]! + (sortedScores[hi]! - sortedScores[lo]!) * (pos - lo);
  }
  return edges;
}

/** Bin of a score: the number of inner edges strictly below it (numpy.searchsorted, side='left'). */
function binOf(edges: Float64Array, score: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! < score) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bin of every calibration row, from equal-count edges of their scores. */
export function calibrationBinsOf(scores: ArrayLike<number>, rows: Uint32Array, bins: number): Uint8Array {
  const sorted = Float64Array.from(rows, (r) => scores[r]!).sort();
  const edges = innerEdges(sorted, bins);
  return Uint8Array.from(rows, (r) => binOf(edges, scores[r]!));
}

/**
 * Histogram-binning calibration of `rows` (binned by `binOfRow`, see calibrationBinsOf), with optional row weights;
 * empty bins are dropped, as sklearn's calibration_curve does.
 */
export function fitCalibration(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  rows: Uint32Array,
  binOfRow: Uint8Array,
  bins: number,
  weights?: ArrayLike<number>,
): Calibration {
  const w = new Float64Array(bins);
  const sx = new Float64Array(bins);
  const sy = new Float64Array(bins);
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j]!;
    const weight = weights ? weights[r]! : 1;
    const b = binOfRow[j]!;
    w[b]! += weight;
    sx[b]! += weight * scores[r]!;
    sy[b]! += weight * labels[r]!;
  }
  const x: number[] = [];
  const y: number[] = [];
  for (let b = 0; b < bins; b++) {
    if (w[b]! <= 0) continue;
    x.push(sx[b]! / w[b]!);
    y.push(sy[b]! / w[b]!);
  }
  return { x: Float64Array.from(x), y: Float64Array.from(y) };
}

/** Calibrated probability of one score (numpy.interp over the knots: linear between, clipped outside). */
export function calibrate(calibration: Calibration, score: number): number {
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
  /** Labelled reference rows the calibration was fitted on, and its number of bins. */
  calibration_rows: number;
  calibration_bins: number;
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

/** CBPE estimates for each window (null where there is too little to calibrate or the metric is undefined). */
export function estimatePerformance(input: EstimateInput): (PerformanceEstimate | null)[] {
  const { spec, scores, labels, calibrationRows } = input;
  let positives = 0;
  for (const r of calibrationRows) positives += labels[r]!;
  if (
    calibrationRows.length < MIN_CALIBRATION_ROWS ||
    positives === 0 ||
    positives === calibrationRows.length
  )
    return input.windows.map(() => null);
  const resamples = input.resamples ?? 200;
  const random = seededRandom(input.seed ?? 42);
  const bins = calibrationBins(calibrationRows.length);
  const binOfRow = calibrationBinsOf(scores, calibrationRows, bins);
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
    const calibration = fitCalibration(scores, labels, calibrationRows, binOfRow, bins, weights);
    input.windows.forEach((rows, w) => {
      for (const r of rows) sampled[r] = random() < calibrate(calibration, scores[r]!) ? 1 : 0;
      // Weights of one take ranking metrics' sorted-once path; the value is the unweighted one.
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
      calibration_bins: bins,
      resamples,
    };
  });
}
