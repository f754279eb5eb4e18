import { computeMetric, type MetricColumns, type MetricSpec, prepareRows } from '../metrics/registry.js';
import { binomialDraw } from './binomial.js';
import { type Entries, entriesOf, entryAt } from './cbpe-entries.js';
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
/**
 * Up to this many predictions per distinct score, labels are drawn one by one (and the calibration bootstrap draw by
 * draw); beyond, one binomial draw per score (the same distribution), so a resample costs the distinct scores, not
 * the predictions: an engine's counts of 10^8 predictions with 4-decimal scores take as long as 10^4 rows.
 */
const DRAWS_ONE_BY_ONE = 16;

/** Number of calibration bins for this many labelled reference rows. */
export function calibrationBins(rows: number): number {
  return Math.max(MIN_BINS, Math.min(MAX_BINS, Math.floor(rows / CALIBRATION_ROWS_PER_BIN)));
}

/**
 * Inner bin edges: numpy.quantile (linear) at 1/bins … (bins-1)/bins of `n` sorted scores, read through `scoreAt`
 * (the i-th smallest), so sorted rows and sorted distinct scores with counts give the same edges.
 */
function innerEdges(scoreAt: (i: number) => number, n: number, bins: number): Float64Array {
  const edges = new Float64Array(bins - 1);
  for (let i = 1; i < bins; i++) {
    const pos = (i / bins) * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    edges[i - 1] = scoreAt(lo) + (scoreAt(hi) - scoreAt(lo)) * (pos - lo);
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
  const edges = innerEdges((i) => sorted[i]!, sorted.length, bins);
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
  /** How many predictions each row stands for (an engine's count per distinct window, label and score); default 1. */
  counts?: Float64Array;
  calibrationRows: Uint32Array;
  /** Rows of each window to estimate. */
  windows: Uint32Array[];
  resamples?: number;
  seed?: number;
}

/**
 * A window's entries as metric rows: each distinct score twice, labelled 1 and 0, weighted per resample by how many
 * of its predictions drew each label (the weighted metric equals the metric on those predictions one by one).
 */
function windowRows(spec: MetricSpec, window: Entries) {
  const m = window.scores.length;
  const scores = new Float64Array(2 * m);
  const labels = new Float64Array(2 * m);
  for (let e = 0; e < m; e++) {
    scores[2 * e] = scores[2 * e + 1] = window.scores[e]!;
    labels[2 * e] = 1;
  }
  const columns: MetricColumns = { labels, scores };
  const all = Uint32Array.from({ length: 2 * m }, (_, i) => i);
  return { columns, prepared: prepareRows(spec, columns, all), weights: new Float64Array(2 * m) };
}

/** CBPE estimates for each window (null where there is too little to calibrate or the metric is undefined). */
export function estimatePerformance(input: EstimateInput): (PerformanceEstimate | null)[] {
  const { spec } = input;
  const calibration = entriesOf(input, input.calibrationRows, true);
  const { total, positives } = calibration;
  if (total < MIN_CALIBRATION_ROWS || positives === 0 || positives === total)
    return input.windows.map(() => null);
  const resamples = input.resamples ?? 200;
  const random = seededRandom(input.seed ?? 42);
  const bins = calibrationBins(total);
  const edges = innerEdges((i) => calibration.scores[entryAt(calibration.ends, i)]!, total, bins);
  const entries = Uint32Array.from(calibration.scores.keys());
  const binOfEntry = Uint8Array.from(calibration.scores, (score) => binOf(edges, score));
  const drawn = new Float64Array(entries.length);
  // Each entry one prediction (distinct scores read from files): position i is entry i.
  const unit = entries.length === total;
  const windows = input.windows.map((rows) => {
    const window = entriesOf(input, rows, false);
    return { window, ...windowRows(spec, window) };
  });
  const values = input.windows.map(() => [] as number[]);
  for (let b = 0; b < resamples; b++) {
    // Bootstrap of the calibration predictions: `total` draws, each landing on the entry that holds it.
    drawn.fill(0);
    if (total <= DRAWS_ONE_BY_ONE * entries.length)
      for (let j = 0; j < total; j++) {
        const i = Math.floor(random() * total);
        drawn[unit ? i : entryAt(calibration.ends, i)]! += 1;
      }
    else {
      // Many predictions per distinct score (an engine's counts): the same multinomial, one binomial per entry.
      let left = total;
      let mass = total;
      for (let e = 0; e < entries.length && left > 0; e++) {
        const n = calibration.counts[e]!;
        drawn[e] = n >= mass ? left : binomialDraw(random, left, n / mass);
        left -= drawn[e]!;
        mass -= n;
      }
    }
    const fitted = fitCalibration(calibration.scores, calibration.labels, entries, binOfEntry, bins, drawn);
    windows.forEach(({ window, columns, prepared, weights }, w) => {
      for (let e = 0; e < window.scores.length; e++) {
        const p = calibrate(fitted, window.scores[e]!);
        const n = window.counts[e]!;
        let drawnPositive = 0;
        if (n <= DRAWS_ONE_BY_ONE) for (let t = 0; t < n; t++) drawnPositive += random() < p ? 1 : 0;
        else drawnPositive = binomialDraw(random, n, p);
        weights[2 * e] = drawnPositive;
        weights[2 * e + 1] = n - drawnPositive;
      }
      const value = computeMetric(spec, columns, prepared, weights);
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
      calibration_rows: total,
      calibration_bins: bins,
      resamples,
    };
  });
}
