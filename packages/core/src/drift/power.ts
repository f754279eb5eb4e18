import { gammaincc, logGamma } from '../math/special.js';

/**
 * What a drift test could have detected: the smallest shift found with 80 % power at a given level and sample sizes.
 * These are planning figures for the report (approximations, stated as such), not part of any p-value.
 */

/** Power at which "could have detected" is stated. */
const DETECTION_POWER = 0.8;

/** Standard normal quantile Φ⁻¹(p) (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

function bisect(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

/** Critical value x with chi2.sf(x, df) = alpha (scipy.stats.chi2.isf). */
export function chi2Isf(alpha: number, df: number): number {
  let hi = df + 10;
  while (gammaincc(df / 2, hi / 2) > alpha) hi *= 2;
  // sf decreases in x: f > 0 once x is past the critical value.
  return bisect((x) => alpha - gammaincc(df / 2, x / 2), 0, hi);
}

/** Survival function of the noncentral chi-square (scipy.stats.ncx2.sf), as a Poisson mixture of central ones. */
export function ncx2Sf(x: number, df: number, lambda: number): number {
  const half = lambda / 2;
  if (half === 0) return gammaincc(df / 2, x / 2);
  const spread = Math.sqrt(half);
  const from = Math.max(0, Math.floor(half - 12 * spread - 20));
  const to = Math.ceil(half + 12 * spread + 20);
  let sum = 0;
  for (let j = from; j <= to; j++) {
    const weight = Math.exp(-half + j * Math.log(half) - logGamma(j + 1));
    if (weight > 1e-300) sum += weight * gammaincc(df / 2 + j, x / 2);
  }
  return Math.min(1, sum);
}

/** Noncentrality at which a chi-square test with `df` degrees of freedom at level `alpha` has the given power. */
function noncentralityForPower(df: number, alpha: number, power = DETECTION_POWER): number {
  const critical = chi2Isf(alpha, df);
  let hi = 10;
  while (ncx2Sf(critical, df, hi) < power) hi *= 2;
  return bisect((lambda) => ncx2Sf(critical, df, lambda) - power, 0, hi);
}

/**
 * Smallest mean shift, in reference standard deviations, that the two-sample KS test detects with DETECTION_POWER
 * for a bell-shaped (normal) feature: the CDF gap of a shift δ is 2Φ(δ/2) − 1, which must reach the asymptotic
 * critical value √(−ln(α/2)/2)·√(1/n + 1/m) plus z(power) times the statistic's spread (≈ ½·√(1/n + 1/m)).
 */
export function ksDetectableShift(alpha: number, n: number, m: number): number | null {
  if (n <= 0 || m <= 0) return null;
  const scale = Math.sqrt(1 / n + 1 / m);
  const gap = scale * (Math.sqrt(-Math.log(alpha / 2) / 2) + 0.5 * normalQuantile(DETECTION_POWER));
  if (gap >= 1) return null;
  return 2 * normalQuantile((1 + gap) / 2);
}

/**
 * Smallest move of share, between the two largest levels (shares p1, p2), that the contingency chi-square test
 * detects with DETECTION_POWER: its noncentrality is n·m/(n+m) · d² · (1/p1 + 1/p2). The largest levels are the
 * hardest place for a move to show, so smaller levels' moves of this size are found at least as often.
 */
export function levelMoveDetectable(
  alpha: number,
  n: number,
  m: number,
  df: number,
  largestShares: readonly number[],
): number | null {
  if (n <= 0 || m <= 0 || df < 1 || largestShares.length < 2) return null;
  const [p1, p2] = largestShares as [number, number];
  if (!(p1 > 0 && p2 > 0)) return null;
  const lambda = noncentralityForPower(df, alpha);
  const move = Math.sqrt(lambda / (((n * m) / (n + m)) * (1 / p1 + 1 / p2)));
  return move <= 1 ? move : null;
}
