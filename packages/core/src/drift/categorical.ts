// The comparison of a categorical feature's category counts, reference against current.
import { chi2Contingency, poolRareLevels } from './contingency.js';
import {
  CATEGORICAL_TESTS,
  type CategoryCounts,
  DEFAULT_CATEGORICAL_TEST,
  DEFAULT_MIN_LEVEL_MOVE,
  DEFAULT_THRESHOLDS,
  decide,
  detectableShift,
  type FeatureDrift,
  type FeatureTestOptions,
  share,
  sideStats,
} from './features.js';
import { jensenShannon, psi } from './stats.js';

/**
 * Compare a categorical feature's category counts. The chi-square test is two-sample: the reference-vs-current
 * contingency table (rare levels pooled, see contingency.ts), so the reference's own sampling noise is accounted for.
 */
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
  const test = options.test ?? DEFAULT_CATEGORICAL_TEST;
  if (!CATEGORICAL_TESTS.includes(test))
    throw new RangeError(`Test "${test}" does not apply to categorical feature "${name}".`);
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[test];
  const psiValue = psi(ref, cur);
  let largestMove = 0;
  for (let i = 0; i < categories.length; i++)
    largestMove = Math.max(largestMove, Math.abs(share(cur[i]!, curTotal) - share(ref[i]!, refTotal)));
  const effect = {
    measure: 'max-level-move' as const,
    value: refTotal && curTotal ? largestMove : 0,
    minimum: options.minEffect ?? DEFAULT_MIN_LEVEL_MOVE,
  };
  let statistic: number;
  let pValue: number | null = null;
  let levels: FeatureDrift['levels'];
  if (test === 'chisquare') {
    const table = poolRareLevels(categories, ref, cur);
    const chi = chi2Contingency(table.reference, table.current);
    statistic = chi.statistic;
    pValue = chi.pValue;
    const tableRef = table.reference.reduce((a, b) => a + b, 0);
    levels = {
      tested: table.levels.length,
      pooled: table.pooled.slice(0, 20),
      largest_shares: table.reference
        .map((c) => share(c, tableRef))
        .sort((a, b) => b - a)
        .slice(0, 2),
    };
  } else if (test === 'jensenshannon') statistic = jensenShannon(ref, cur);
  else statistic = psiValue;
  const unseen = categories.filter((c) => !reference.counts.has(c));
  const top = categories
    .map((c, i) => ({ c, i, weight: ref[i]! + cur[i]! }))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 12);
  const out: FeatureDrift = {
    name,
    type: 'categorical',
    test,
    statistic,
    p_value: pValue,
    p_value_adjusted: pValue,
    threshold,
    drift: decide(test, statistic, pValue, threshold, effect),
    effect,
    detectable_shift: null,
    ...(levels ? { levels } : {}),
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
  out.detectable_shift = detectableShift(out, threshold);
  return out;
}
