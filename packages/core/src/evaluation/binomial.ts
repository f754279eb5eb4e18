import { logGamma } from '../math/special.js';

/**
 * A Binomial(n, p) draw from `random` (uniform on [0, 1)), in constant expected time whatever n: the number of
 * positives among n predictions of one score when CBPE draws their labels, without n draws. Small means by
 * inversion (the CDF walked from 0), larger ones by Hörmann's BTRS rejection sampler (W. Hörmann, "The generation
 * of binomial random variates", J. Statist. Comput. Simul. 46, 1993), as NumPy and TensorFlow use it.
 */
export function binomialDraw(random: () => number, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomialDraw(random, n, 1 - p);
  return n * p < 10 ? byInversion(random, n, p) : btrs(random, n, p);
}

/** P(0) = (1-p)^n, then P(x) = P(x-1) · (n-x+1)/x · p/(1-p), until the uniform is used up. */
function byInversion(random: () => number, n: number, p: number): number {
  const odds = p / (1 - p);
  let pmf = Math.exp(n * Math.log1p(-p));
  let u = random();
  let x = 0;
  while (u > pmf && x < n) {
    u -= pmf;
    x++;
    pmf *= ((n - x + 1) / x) * odds;
  }
  return x;
}

/** BTRS for n·p >= 10 and p <= 0.5: transformed rejection with squeeze, exact acceptance through log-gamma. */
function btrs(random: () => number, n: number, p: number): number {
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / (1 - p));
  const m = Math.floor((n + 1) * p);
  const h = logGamma(m + 1) + logGamma(n - m + 1);
  for (;;) {
    const u = random() - 0.5;
    let v = random();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logGamma(k + 1) - logGamma(n - k + 1) + (k - m) * lpq) return k;
  }
}
