import { describe, expect, it } from 'vitest';
import { chisquare } from '../drift/stats.js';
import { logGamma } from '../math/special.js';
import { binomialDraw } from './binomial.js';
import { seededRandom } from './random.js';

const pmf = (n: number, p: number, k: number) =>
  Math.exp(
    logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p),
  );

describe('binomialDraw', () => {
  // Inversion (n·p < 10), BTRS (n·p >= 10), p > 0.5 by symmetry, and a large n CBPE meets with engine counts.
  for (const [n, p] of [
    [20, 0.3],
    [1_000_000, 0.000004],
    [60, 0.4],
    [5000, 0.93],
    [2_000_000, 0.27],
  ] as const)
    it(`Binomial(${n}, ${p}): 20,000 draws fit the exact distribution (chi-square, cells of >= 20 expected)`, () => {
      const random = seededRandom(n);
      const draws = 20_000;
      const seen = new Map<number, number>();
      for (let i = 0; i < draws; i++) {
        const k = binomialDraw(random, n, p);
        expect(Number.isInteger(k) && k >= 0 && k <= n).toBe(true);
        seen.set(k, (seen.get(k) ?? 0) + 1);
      }
      // Cells from the mode outwards, pooled until each expects at least 20 draws; the tails in the end cells.
      const mean = n * p;
      const sd = Math.sqrt(n * p * (1 - p));
      const lo = Math.max(0, Math.floor(mean - 6 * sd));
      const hi = Math.min(n, Math.ceil(mean + 6 * sd));
      const observed: number[] = [];
      const expected: number[] = [];
      let o = 0;
      let e = 0;
      for (let k = lo; k <= hi; k++) {
        o += seen.get(k) ?? 0;
        e += draws * pmf(n, p, k);
        if (e >= 20) {
          observed.push(o);
          expected.push(e);
          o = 0;
          e = 0;
        }
      }
      observed[observed.length - 1]! += o;
      expected[expected.length - 1]! += e;
      // Rescale: the ±6σ range holds all but ~1e-9 of the mass.
      const total = expected.reduce((a, x) => a + x, 0);
      const { pValue } = chisquare(
        observed,
        expected.map((x) => (x * draws) / total),
      );
      expect(observed.length).toBeGreaterThan(3);
      expect(pValue).toBeGreaterThan(0.001);
    });

  it('ends: n = 0, p = 0 and p = 1', () => {
    const random = seededRandom(1);
    expect([binomialDraw(random, 0, 0.4), binomialDraw(random, 9, 0), binomialDraw(random, 9, 1)]).toEqual([
      0, 0, 9,
    ]);
  });
});
