import { ks2samp } from './ks.js';
import { kstwoSf } from './kstwo.js';
import {
  binCounts,
  chisquare,
  decileEdges,
  jensenShannon,
  PSI_EPSILON,
  psi,
  quantileSorted,
  standardDeviation,
  wassersteinSorted,
} from './stats.js';

/** The drift tests a feature can use. p-value tests drift when p < threshold; distances when value >= threshold. */
export type DriftTest = 'ks' | 'wasserstein' | 'psi' | 'chisquare' | 'jensenshannon';
export const DRIFT_TESTS: DriftTest[] = ['ks', 'wasserstein', 'psi', 'chisquare', 'jensenshannon'];
export const NUMERIC_TESTS: DriftTest[] = ['ks', 'wasserstein', 'psi'];
export const CATEGORICAL_TESTS: DriftTest[] = ['chisquare', 'jensenshannon', 'psi'];

/** Default thresholds: p-value 0.05 for KS and chi-square; 0.1 for the distances; 0.2 for PSI. */
export const DEFAULT_THRESHOLDS: Record<DriftTest, number> = {
  ks: 0.05,
  chisquare: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.2,
};

/** Samples up to this size get the statistical tests (KS, chi-square); larger ones the distances. */
export const SMALL_SAMPLE = 1000;

/** Number of quantiles kept by a numeric summary (0 %, 0.1 %, …, 100 %). */
export const SUMMARY_QUANTILES = 1001;

/** Exact numeric values of one side (sorted ascending, missing values removed and counted). */
export interface NumericValues {
  kind: 'numeric';
  sorted: Float64Array;
  missing: number;
}

/** A numeric reference reduced to quantiles (a written reference summary or a Model Monitor baseline). */
export interface NumericSummary {
  kind: 'numeric-summary';
  count: number;
  missing: number;
  mean: number;
  std: number;
  /** SUMMARY_QUANTILES values at 0, 0.001, …, 1 (numpy.quantile, linear). */
  quantiles: number[];
}

export interface CategoryCounts {
  kind: 'categorical';
  counts: Map<string, number>;
  missing: number;
}

export type FeatureSide = NumericValues | NumericSummary | CategoryCounts;

export interface FeatureDrift {
  name: string;
  type: 'numeric' | 'categorical';
  test: DriftTest;
  statistic: number;
  /** p-value for KS and chi-square; null for distances. */
  p_value: number | null;
  threshold: number;
  drift: boolean;
  /** exact: both sides' values; summary: the reference is a quantile summary (KS and Wasserstein approximate). */
  method: 'exact' | 'summary';
  psi: number;
  reference: { count: number; missing: number; missing_share: number };
  current: { count: number; missing: number; missing_share: number };
  /** Current categories never seen in the reference (counted; they weigh in every categorical test). */
  unseen_categories?: { count: number; values: string[] };
  /** Shares per bin (numeric: PSI decile bins; categorical: the most frequent categories) for the report. */
  histogram: { bins: string[]; reference: number[]; current: number[] };
}

export interface FeatureTestOptions {
  test?: DriftTest;
  threshold?: number;
}

/** Reduce exact numeric values to a summary (for `write-reference`). */
export function summarizeNumeric(values: NumericValues): NumericSummary {
  const n = values.sorted.length;
  const quantiles: number[] = [];
  for (let i = 0; i < SUMMARY_QUANTILES; i++)
    quantiles.push(n ? quantileSorted(values.sorted, i / (SUMMARY_QUANTILES - 1)) : 0);
  let mean = 0;
  for (const v of values.sorted) mean += v;
  mean = n ? mean / n : 0;
  return {
    kind: 'numeric-summary',
    count: n,
    missing: values.missing,
    mean,
    std: n ? standardDeviation(values.sorted) : 0,
    quantiles,
  };
}

const share = (part: number, total: number) => (total > 0 ? part / total : 0);
const sideStats = (count: number, missing: number) => ({
  count,
  missing,
  missing_share: share(missing, count + missing),
});

function decide(test: DriftTest, statistic: number, pValue: number | null, threshold: number): boolean {
  return test === 'ks' || test === 'chisquare' ? (pValue ?? 1) < threshold : statistic >= threshold;
}

function fmtEdge(v: number): string {
  return Number(v.toPrecision(4)).toString();
}

/** Compare a numeric feature: current values against exact reference values or a reference summary. */
export function compareNumeric(
  name: string,
  reference: NumericValues | NumericSummary,
  current: NumericValues,
  options: FeatureTestOptions = {},
): FeatureDrift {
  const exact = reference.kind === 'numeric';
  const refCount = exact ? reference.sorted.length : reference.count;
  const refSorted = exact ? reference.sorted : Float64Array.from(reference.quantiles);
  const cur = current.sorted;
  const test = options.test ?? (refCount <= SMALL_SAMPLE ? 'ks' : 'wasserstein');
  if (!NUMERIC_TESTS.includes(test))
    throw new RangeError(`Test "${test}" does not apply to numeric feature "${name}".`);
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[test];
  const edges = decileEdges(refSorted);
  const refBins = binCounts(refSorted, edges);
  const curBins = binCounts(cur, edges);
  const psiValue = psi(refBins, curBins);
  let statistic: number;
  let pValue: number | null = null;
  if (test === 'ks') {
    if (exact) {
      const ks = ks2samp(refSorted, cur);
      statistic = ks.statistic;
      pValue = ks.pValue;
    } else {
      // Against quantiles the statistic is within 1/1000 of the exact one; the p-value uses the real sample sizes.
      const d = ks2samp(refSorted, cur).statistic;
      const [m, n] = refCount >= cur.length ? [refCount, cur.length] : [cur.length, refCount];
      statistic = d;
      pValue = kstwoSf(d, Math.round((m * n) / (m + n)));
    }
  } else if (test === 'wasserstein') {
    const std = exact ? standardDeviation(refSorted) : reference.std;
    const distance = wassersteinSorted(refSorted, cur);
    statistic = std > 0 ? distance / std : distance === 0 ? 0 : Number.POSITIVE_INFINITY;
  } else statistic = psiValue;
  const labels = [`< ${fmtEdge(edges[0] ?? Number.NaN)}`];
  for (let i = 1; i < edges.length; i++) labels.push(`${fmtEdge(edges[i - 1]!)} – ${fmtEdge(edges[i]!)}`);
  labels.push(`≥ ${fmtEdge(edges[edges.length - 1] ?? Number.NaN)}`);
  const refTotal = refSorted.length;
  return {
    name,
    type: 'numeric',
    test,
    statistic,
    p_value: pValue,
    threshold,
    drift: decide(test, statistic, pValue, threshold),
    method: exact ? 'exact' : 'summary',
    psi: psiValue,
    reference: sideStats(refCount, reference.missing),
    current: sideStats(cur.length, current.missing),
    histogram: {
      bins: edges.length ? labels : ['all'],
      reference: Array.from(refBins, (c) => share(c, refTotal)),
      current: Array.from(curBins, (c) => share(c, cur.length)),
    },
  };
}

/** Compare a categorical feature's category counts. Expected chi-square counts use the reference shares (see README). */
export function compareCategorical(
  name: string,
  reference: CategoryCounts,
  current: CategoryCounts,
  options: FeatureTestOptions = {},
): FeatureDrift {
  const categories = [...new Set([...reference.counts.keys(), ...current.counts.keys()])].sort();
  const ref = categories.map((c) => reference.counts.get(c) ?? 0);
  const cur = categories.map((c) => current.counts.get(c) ?? 0);
  const refTotal = ref.reduce((a, b) => a + b, 0);
  const curTotal = cur.reduce((a, b) => a + b, 0);
  const test = options.test ?? (refTotal <= SMALL_SAMPLE ? 'chisquare' : 'jensenshannon');
  if (!CATEGORICAL_TESTS.includes(test))
    throw new RangeError(`Test "${test}" does not apply to categorical feature "${name}".`);
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[test];
  const psiValue = psi(ref, cur);
  let statistic: number;
  let pValue: number | null = null;
  if (test === 'chisquare') {
    const shares = ref.map((c) => share(c, refTotal) || PSI_EPSILON);
    const sum = shares.reduce((a, b) => a + b, 0);
    const expected = shares.map((s) => (s / sum) * curTotal);
    const chi = chisquare(cur, expected);
    statistic = chi.statistic;
    pValue = categories.length > 1 ? chi.pValue : 1;
  } else if (test === 'jensenshannon') statistic = jensenShannon(ref, cur);
  else statistic = psiValue;
  const unseen = categories.filter((c) => !reference.counts.has(c));
  const top = categories
    .map((c, i) => ({ c, i, weight: ref[i]! + cur[i]! }))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 12);
  return {
    name,
    type: 'categorical',
    test,
    statistic,
    p_value: pValue,
    threshold,
    drift: decide(test, statistic, pValue, threshold),
    method: 'exact',
    psi: psiValue,
    reference: sideStats(refTotal, reference.missing),
    current: sideStats(curTotal, current.missing),
    unseen_categories: {
      count: unseen.reduce((n, c) => n + (current.counts.get(c) ?? 0), 0),
      values: unseen.slice(0, 20),
    },
    histogram: {
      bins: top.map((t) => t.c),
      reference: top.map((t) => share(ref[t.i]!, refTotal)),
      current: top.map((t) => share(cur[t.i]!, curTotal)),
    },
  };
}

/** How far past its threshold a feature is (for sorting the report): >1 drifted, larger is worse. */
export function driftSeverity(f: FeatureDrift): number {
  if (f.test === 'ks' || f.test === 'chisquare') {
    const p = f.p_value ?? 1;
    return p <= 0 ? Number.MAX_VALUE : f.threshold / p;
  }
  return f.threshold > 0 ? f.statistic / f.threshold : f.statistic;
}
