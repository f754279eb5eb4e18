import { ks2samp } from './ks.js';
import { kstwoSf } from './kstwo.js';
import { ksDetectableShift, levelMoveDetectable } from './power.js';
import { binCounts, decileEdges, psi, standardDeviation, wassersteinSorted } from './stats.js';

/** The drift tests a feature can use. p-value tests drift when p < threshold; distances when value >= threshold. */
export type DriftTest = 'ks' | 'wasserstein' | 'psi' | 'chisquare' | 'jensenshannon';
export const DRIFT_TESTS: DriftTest[] = ['ks', 'wasserstein', 'psi', 'chisquare', 'jensenshannon'];
const NUMERIC_TESTS: DriftTest[] = ['ks', 'wasserstein', 'psi'];
export const CATEGORICAL_TESTS: DriftTest[] = ['chisquare', 'jensenshannon', 'psi'];

/** Default thresholds: p-value 0.05 for KS and chi-square; 0.1 for the distances; 0.2 for PSI. */
export const DEFAULT_THRESHOLDS: Record<DriftTest, number> = {
  ks: 0.05,
  chisquare: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.2,
};

/**
 * Default tests at every sample size (no switch of family by size, so the verdict cannot jump between n and n + 1
 * rows): two-sample KS for numeric features, the reference-vs-current contingency chi-square for categorical ones.
 */
const DEFAULT_NUMERIC_TEST: DriftTest = 'ks';
export const DEFAULT_CATEGORICAL_TEST: DriftTest = 'chisquare';

/** Smallest effect that counts as drift (p-value tests): Wasserstein distance / reference σ (a 0.1 σ mean shift). */
export const DEFAULT_MIN_SHIFT = 0.1;
/** Smallest effect that counts as drift (categorical): the largest move of one level's share (0.05 = 5 points). */
export const DEFAULT_MIN_LEVEL_MOVE = 0.05;

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
  /** p-value after the correction across features (see decision.ts); the p-value itself for a lone test. */
  p_value_adjusted: number | null;
  /**
   * How large the change is, in units a person reads: numeric `wasserstein-sd` (Wasserstein distance / reference σ;
   * a pure mean shift of 0.1 σ is 0.1), categorical `max-level-move` (largest change of one level's share; 0.05 is
   * 5 points). A p-value test flags drift only when the effect is at least `minimum`.
   */
  effect: { measure: 'wasserstein-sd' | 'max-level-move'; value: number; minimum: number };
  /**
   * Smallest effect (same units) this run could have detected: found in about 80 % of runs at its level and sample
   * sizes (never below `effect.minimum`). Numeric: a mean shift of a bell-shaped feature. Null for distance tests.
   */
  detectable_shift: number | null;
  /** Categorical chi-square: levels in the table, rare levels pooled into "(other)", two largest reference shares. */
  levels?: { tested: number; pooled: string[]; largest_shares: number[] };
  threshold: number;
  drift: boolean;
  /** Present when a side has fewer values than `minimum` (min-window-rows): no verdict, never drift. */
  insufficient_data?: { minimum: number };
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
  /** Minimum effect for p-value tests (DEFAULT_MIN_SHIFT or DEFAULT_MIN_LEVEL_MOVE when not given). */
  minEffect?: number;
}

export const share = (part: number, total: number) => (total > 0 ? part / total : 0);
export const sideStats = (count: number, missing: number) => ({
  count,
  missing,
  missing_share: share(missing, count + missing),
});

/** Whether a test decides by p-value (then an effect minimum and the correction across features apply). */
export function isPValueTest(test: DriftTest): boolean {
  return test === 'ks' || test === 'chisquare';
}

export function decide(
  test: DriftTest,
  statistic: number,
  pValue: number | null,
  threshold: number,
  effect: FeatureDrift['effect'],
): boolean {
  return isPValueTest(test)
    ? (pValue ?? 1) < threshold && effect.value >= effect.minimum
    : statistic >= threshold;
}

/** Detectable effect of a p-value test at level `alpha` (see FeatureDrift.detectable_shift). */
export function detectableShift(f: FeatureDrift, alpha: number): number | null {
  if (!isPValueTest(f.test)) return null;
  const n = f.reference.count;
  const m = f.current.count;
  const statistical =
    f.type === 'numeric'
      ? ksDetectableShift(alpha, n, m)
      : levelMoveDetectable(alpha, n, m, (f.levels?.tested ?? 1) - 1, f.levels?.largest_shares ?? []);
  return statistical === null ? null : Math.max(statistical, f.effect.minimum);
}

function fmtEdge(v: number): string {
  return Number(v.toPrecision(4)).toString();
}

/**
 * Compare a numeric feature: current values (or, from an engine, the current window's summary) against exact
 * reference values or a reference summary. Either side a summary makes the tests approximate (`method: summary`).
 */
export function compareNumeric(
  name: string,
  reference: NumericValues | NumericSummary,
  current: NumericValues | NumericSummary,
  options: FeatureTestOptions = {},
): FeatureDrift {
  const exact = reference.kind === 'numeric' && current.kind === 'numeric';
  const refCount = reference.kind === 'numeric' ? reference.sorted.length : reference.count;
  const refSorted = reference.kind === 'numeric' ? reference.sorted : Float64Array.from(reference.quantiles);
  const cur = current.kind === 'numeric' ? current.sorted : Float64Array.from(current.quantiles);
  const curCount = current.kind === 'numeric' ? cur.length : current.count;
  const test = options.test ?? DEFAULT_NUMERIC_TEST;
  if (!NUMERIC_TESTS.includes(test))
    throw new RangeError(`Test "${test}" does not apply to numeric feature "${name}".`);
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[test];
  const edges = decileEdges(refSorted);
  const refBins = binCounts(refSorted, edges);
  const curBins = binCounts(cur, edges);
  const psiValue = psi(refBins, curBins);
  const std = reference.kind === 'numeric' ? standardDeviation(refSorted) : reference.std;
  const distance = refSorted.length && cur.length ? wassersteinSorted(refSorted, cur) : 0;
  // A constant reference has σ = 0: any move is infinitely many σ (kept finite for JSON).
  const shift = std > 0 ? distance / std : distance === 0 ? 0 : Number.MAX_VALUE;
  const effect = {
    measure: 'wasserstein-sd' as const,
    value: shift,
    minimum: options.minEffect ?? DEFAULT_MIN_SHIFT,
  };
  let statistic: number;
  let pValue: number | null = null;
  if (test === 'ks') {
    if (exact) {
      const ks = ks2samp(refSorted, cur);
      statistic = ks.statistic;
      pValue = ks.pValue;
    } else {
      // Against quantiles the statistic is within 1/1000 of the exact one per summarised side; the p-value uses the
      // real sample sizes.
      const d = ks2samp(refSorted, cur).statistic;
      const [m, n] = refCount >= curCount ? [refCount, curCount] : [curCount, refCount];
      statistic = d;
      pValue = kstwoSf(d, Math.round((m * n) / (m + n)));
    }
  } else if (test === 'wasserstein') {
    statistic = std > 0 ? distance / std : distance === 0 ? 0 : Number.POSITIVE_INFINITY;
  } else statistic = psiValue;
  const labels = [`< ${fmtEdge(edges[0] ?? Number.NaN)}`];
  for (let i = 1; i < edges.length; i++) labels.push(`${fmtEdge(edges[i - 1]!)} – ${fmtEdge(edges[i]!)}`);
  labels.push(`≥ ${fmtEdge(edges[edges.length - 1] ?? Number.NaN)}`);
  const refTotal = refSorted.length;
  const out: FeatureDrift = {
    name,
    type: 'numeric',
    test,
    statistic,
    p_value: pValue,
    p_value_adjusted: pValue,
    threshold,
    drift: decide(test, statistic, pValue, threshold, effect),
    effect,
    detectable_shift: null,
    method: exact ? 'exact' : 'summary',
    psi: psiValue,
    reference: sideStats(refCount, reference.missing),
    current: sideStats(curCount, current.missing),
    histogram: {
      bins: edges.length ? labels : ['all'],
      reference: Array.from(refBins, (c) => share(c, refTotal)),
      current: Array.from(curBins, (c) => share(c, cur.length)),
    },
  };
  out.detectable_shift = detectableShift(out, threshold);
  return out;
}
