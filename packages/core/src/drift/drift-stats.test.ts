import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../evaluation/random.js';
import { gammaincc } from '../math/special.js';
import { ks2samp } from './ks.js';
import { kstwoSf } from './kstwo.js';
import {
  binCounts,
  chisquare,
  decileEdges,
  jensenShannon,
  PSI_EPSILON,
  psi,
  standardDeviation,
  wassersteinSorted,
} from './stats.js';

// Reference values from SciPy 1.10.1 / numpy (fixtures/generate.py, which generates the same samples).
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/drift.json', import.meta.url), 'utf8'));

interface SampleSpec {
  seed: number;
  n: number;
  shift?: number;
  scale?: number;
  grid?: number;
}

function sample({ seed, n, shift = 0, scale = 1, grid = 1000 }: SampleSpec): Float64Array {
  const r = seededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += Math.floor(r() * grid);
    out[i] = (s * scale) / grid + shift;
  }
  return out;
}

/** Relative closeness, with an absolute floor for values near 0. */
function expectClose(actual: number, expected: number, rel = 1e-10, abs = 1e-14) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(abs, rel * Math.abs(expected)));
}

describe('drift statistics match SciPy', () => {
  it('uses the same PSI epsilon as the fixtures', () => {
    expect(fixtures.psi_epsilon).toBe(PSI_EPSILON);
  });

  describe.each(fixtures.numeric as any[])('numeric: $name', (c) => {
    const u = sample(c.reference).sort();
    const v = sample(c.current).sort();
    it('ks_2samp statistic and p-value (method=auto)', () => {
      const ks = ks2samp(u, v);
      expectClose(ks.statistic, c.ks_statistic, 1e-12);
      expectClose(ks.pValue, c.ks_pvalue, 1e-9, 1e-15);
      expect(ks.method).toBe(Math.max(u.length, v.length) <= 10_000 ? 'exact' : 'asymptotic');
    });
    it('wasserstein_distance and the reference standard deviation (ddof 0)', () => {
      expectClose(wassersteinSorted(u, v), c.wasserstein, 1e-11);
      expectClose(standardDeviation(u), c.reference_std, 1e-12);
    });
    it('PSI on reference deciles', () => {
      const edges = decileEdges(u);
      expect(edges.length).toBe(c.psi_edges.length);
      for (const [i, e] of edges.entries()) expectClose(e, c.psi_edges[i], 1e-14);
      expectClose(psi(binCounts(u, edges), binCounts(v, edges)), c.psi, 1e-11);
    });
  });

  it.each(fixtures.kstwo as { n: number; x: number; sf: number }[])('kstwo.sf($x, $n)', ({ n, x, sf }) => {
    expectClose(kstwoSf(x, n), sf, 1e-9, 1e-16);
  });

  describe.each(fixtures.categorical as any[])('categorical: $name', (c) => {
    it('chisquare against reference shares, jensenshannon (base e) and PSI on categories', () => {
      const chi = chisquare(c.current_counts, c.expected);
      expectClose(chi.statistic, c.chi2_statistic, 1e-11);
      expectClose(chi.pValue, c.chi2_pvalue, 1e-9, 1e-300);
      expectClose(jensenShannon(c.reference_counts, c.current_counts), c.jensenshannon, 1e-11);
      expectClose(psi(c.reference_counts, c.current_counts), c.psi, 1e-11);
    });
  });

  it.each(fixtures.gammaincc as { a: number; x: number; q: number }[])('gammaincc($a, $x)', ({ a, x, q }) => {
    expectClose(gammaincc(a, x), q, 1e-10, 1e-300);
  });
});

describe('binCounts', () => {
  it('counts a large sorted sample (binary search on the edges) as a walk through every value does', () => {
    const next = seededRandom(17);
    // Few distinct values: many ties sit exactly on the edges, and −0 against a 0 edge.
    const sorted = Float64Array.from({ length: 50_000 }, () => Math.floor(next() * 21) - 10 || -0).sort();
    const edges = decileEdges(sorted);
    const walked = new Float64Array(edges.length + 1);
    for (const x of sorted) walked[edges.filter((e) => x >= e).length]!++;
    expect(Array.from(binCounts(sorted, edges))).toEqual(Array.from(walked));
    expect(Array.from(binCounts(sorted, [0]))).toEqual([
      sorted.filter((x) => x < 0).length,
      sorted.filter((x) => x >= 0).length,
    ]);
  });
});
