import { gammaincc } from '../math/special.js';

/**
 * Distribution distances and tests used by drift-report, each matching its SciPy 1.10 reference
 * (fixtures: ./fixtures/generate.py). PSI has no SciPy reference; its definition is documented here and in the
 * drift-report README, and the fixture script computes it the same way with numpy.
 */

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  df: number;
}

/** scipy.stats.chisquare(observed, expected): Σ (o−e)²/e and chi2.sf(stat, k−1). */
export function chisquare(observed: ArrayLike<number>, expected: ArrayLike<number>): ChiSquareResult {
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = expected[i]!;
    const diff = observed[i]! - e;
    statistic += (diff * diff) / e;
  }
  const df = observed.length - 1;
  return { statistic, df, pValue: df > 0 ? gammaincc(df / 2, statistic / 2) : Number.NaN };
}

/** scipy.stats.wasserstein_distance(u, v) (1-D, unweighted) on sorted samples. */
export function wassersteinSorted(u: Float64Array, v: Float64Array): number {
  const n = u.length;
  const m = v.length;
  let i = 0;
  let j = 0;
  let distance = 0;
  let prev = Math.min(u[0]!, v[0]!);
  while (i < n || j < m) {
    const x = j >= m || (i < n && u[i]! <= v[j]!) ? u[i]! : v[j]!;
    distance += Math.abs(i / n - j / m) * (x - prev);
    prev = x;
    while (i < n && u[i]! === x) i++;
    while (j < m && v[j]! === x) j++;
  }
  return distance;
}

/** scipy.spatial.distance.jensenshannon(p, q) with the natural logarithm (base e); p and q are normalised first. */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i]!;
    sq += q[i]!;
  }
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / sp;
    const qi = q[i]! / sq;
    const mi = (pi + qi) / 2;
    if (pi > 0) js += pi * Math.log(pi / mi);
    if (qi > 0) js += qi * Math.log(qi / mi);
  }
  return Math.sqrt(Math.max(0, js / 2));
}

/** Share used in place of an empty bin's share in PSI, so ln(a/b) stays finite. */
export const PSI_EPSILON = 1e-4;

/**
 * Population stability index Σ (c_i − r_i)·ln(c_i / r_i) over bins, where r_i and c_i are the reference and current
 * shares of bin i; a share of 0 is replaced by PSI_EPSILON (no renormalisation).
 */
export function psi(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): number {
  let rt = 0;
  let ct = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    rt += referenceCounts[i]!;
    ct += currentCounts[i]!;
  }
  let value = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    const r = referenceCounts[i]! / rt || PSI_EPSILON;
    const c = currentCounts[i]! / ct || PSI_EPSILON;
    value += (c - r) * Math.log(c / r);
  }
  return value;
}

/** numpy.quantile (linear) of a sorted sample at q in [0, 1]. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * PSI bin edges for a numeric feature: the reference deciles (numpy.quantile at 0.1 … 0.9), duplicates removed.
 * Bin i holds values with edges[i-1] <= x < edges[i] (numpy.searchsorted side='right'), so there are
 * edges.length + 1 bins, the outer ones open-ended.
 */
export function decileEdges(sortedReference: ArrayLike<number>): number[] {
  const edges: number[] = [];
  for (let k = 1; k <= 9; k++) {
    const e = quantileSorted(sortedReference, k / 10);
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  }
  return edges;
}

/** Counts of a sorted sample in the bins defined by `edges` (see decileEdges: increasing). */
export function binCounts(sorted: ArrayLike<number>, edges: number[]): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  if (sorted.length > 1024 && !edges.some(Number.isNaN)) {
    // Large samples: bin b holds the values in [edges[b-1], edges[b]), found by binary search on each edge.
    let below = 0;
    for (let b = 0; b < edges.length; b++) {
      const next = countBelow(sorted, edges[b]!);
      counts[b] = next - below;
      below = next;
    }
    counts[edges.length] = sorted.length - below;
    return counts;
  }
  let bin = 0;
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i]!;
    while (bin < edges.length && x >= edges[bin]!) bin++;
    counts[bin]!++;
  }
  return counts;
}

/** How many values of a sorted sample are below `edge`. */
function countBelow(sorted: ArrayLike<number>, edge: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < edge) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Population standard deviation (ddof = 0, numpy.std's default). */
export function standardDeviation(values: ArrayLike<number>): number {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  return Math.sqrt(ss / n);
}
