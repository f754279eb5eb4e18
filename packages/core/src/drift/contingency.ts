import { gammaincc } from '../math/special.js';

/** A reference-vs-current table of category counts after rare levels were pooled. */
export interface PooledLevels {
  /** Level names in table order; the pooled level, when there is one, is last and named POOLED_LEVEL. */
  levels: string[];
  reference: number[];
  current: number[];
  /** The original levels folded into POOLED_LEVEL. */
  pooled: string[];
}

/** Name of the level that holds the pooled rare levels. */
export const POOLED_LEVEL = '(other)';

/** Smallest expected count per cell, in both samples, before a level is pooled (Cochran's rule of 5). */
const MIN_EXPECTED_COUNT = 5;

/**
 * Pool rare levels so the chi-square approximation holds: a level whose expected count in the smaller sample
 * (its combined count × smaller total / grand total) is below MIN_EXPECTED_COUNT joins one "(other)" level; while
 * that pooled level itself expects fewer than MIN_EXPECTED_COUNT rows, the next rarest level joins it too.
 * Levels are visited from the rarest (combined count, then name), so the rule is deterministic.
 */
export function poolRareLevels(
  levels: string[],
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): PooledLevels {
  let refTotal = 0;
  let curTotal = 0;
  for (let i = 0; i < levels.length; i++) {
    refTotal += reference[i]!;
    curTotal += current[i]!;
  }
  const total = refTotal + curTotal;
  const smaller = Math.min(refTotal, curTotal);
  const expected = (combined: number) => (total > 0 ? (combined * smaller) / total : 0);
  const order = levels
    .map((name, i) => ({ name, i, combined: reference[i]! + current[i]! }))
    .filter((l) => l.combined > 0)
    .sort((a, b) => a.combined - b.combined || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const pooled: typeof order = [];
  let pooledCombined = 0;
  let next = 0;
  while (next < order.length && expected(order[next]!.combined) < MIN_EXPECTED_COUNT) {
    pooledCombined += order[next]!.combined;
    pooled.push(order[next++]!);
  }
  while (pooled.length > 0 && next < order.length && expected(pooledCombined) < MIN_EXPECTED_COUNT) {
    pooledCombined += order[next]!.combined;
    pooled.push(order[next++]!);
  }
  const kept = order.slice(next).sort((a, b) => a.i - b.i);
  const out: PooledLevels = {
    levels: kept.map((l) => l.name),
    reference: kept.map((l) => reference[l.i]!),
    current: kept.map((l) => current[l.i]!),
    pooled: pooled.map((l) => l.name).sort(),
  };
  if (pooled.length > 0) {
    out.levels.push(POOLED_LEVEL);
    out.reference.push(pooled.reduce((n, l) => n + reference[l.i]!, 0));
    out.current.push(pooled.reduce((n, l) => n + current[l.i]!, 0));
  }
  return out;
}

export interface ContingencyResult {
  statistic: number;
  pValue: number;
  df: number;
}

/**
 * scipy.stats.chi2_contingency(table, correction=False) for a table of two rows (reference, current) and one
 * column per level: Pearson's statistic against row total × column total / grand total, p = chi2.sf(stat, k − 1).
 * Empty columns must be removed first (SciPy rejects them); a single column has no test (p = 1).
 */
export function chi2Contingency(reference: ArrayLike<number>, current: ArrayLike<number>): ContingencyResult {
  const k = reference.length;
  let refTotal = 0;
  let curTotal = 0;
  for (let i = 0; i < k; i++) {
    refTotal += reference[i]!;
    curTotal += current[i]!;
  }
  const total = refTotal + curTotal;
  const df = k - 1;
  if (df < 1 || refTotal === 0 || curTotal === 0) return { statistic: 0, pValue: 1, df: Math.max(df, 0) };
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const column = reference[i]! + current[i]!;
    const eRef = (refTotal * column) / total;
    const eCur = (curTotal * column) / total;
    statistic += (reference[i]! - eRef) ** 2 / eRef + (current[i]! - eCur) ** 2 / eCur;
  }
  return { statistic, df, pValue: gammaincc(df / 2, statistic / 2) };
}
