import { describe, expect, it } from 'vitest';
import { seededRandom as random } from '../evaluation/random.js';
import { QuantileSketch } from './sketch.js';
import { quantileSorted, standardDeviation } from './stats.js';

const QS = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1];

/** Where `value` falls among sorted values, as a share of n (the middle of its tie range). */
function rankShare(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < sorted.length && sorted[end] === value) end++;
  return (lo + end) / 2 / sorted.length;
}

/** Fold `parts` into one sketch; every quantile sits within the merge bound of its rank among `values`. */
function mergedWithinBound(values: Float64Array, parts: QuantileSketch[], k: number) {
  const merged = new QuantileSketch(k);
  for (const p of parts) merged.merge(p);
  const sorted = values.slice().sort();
  const bound = (Math.ceil(Math.log2(values.length / k)) + 2) / k;
  merged.quantiles(QS).forEach((v, i) => {
    expect(Math.abs(rankShare(sorted, v) - QS[i]!)).toBeLessThanOrEqual(bound);
  });
  expect(merged.count).toBe(values.length);
  return { merged, sorted };
}

describe('QuantileSketch', () => {
  it('is exact (numpy.quantile, linear) below k values', () => {
    const next = random(1);
    const sketch = new QuantileSketch(1024);
    const values = Float64Array.from({ length: 1000 }, () => next() * 100 - 20);
    for (const v of values) sketch.add(v);
    const sorted = values.slice().sort();
    expect(sketch.quantiles(QS)).toEqual(QS.map((q) => quantileSorted(sorted, q)));
    expect(sketch.retained).toBe(1000);
    expect(sketch.std).toBeCloseTo(standardDeviation(values), 12);
  });

  it.each([
    ['uniform', (next: () => number) => next()],
    ['lognormal-ish', (next: () => number) => Math.exp(4 * (next() + next() + next() - 1.5))],
    ['few distinct values', (next: () => number) => Math.floor(next() * 7)],
    ['sorted input', (_next: () => number, i: number) => i],
  ])('stays within its rank-error bound on %s data, in bounded memory', (_name, gen) => {
    const n = 400_000;
    const k = 256;
    const next = random(7);
    const values = Float64Array.from({ length: n }, (_, i) => gen(next, i));
    const sketch = new QuantileSketch(k);
    for (const v of values) sketch.add(v);
    const sorted = values.slice().sort();
    const levels = Math.ceil(Math.log2(n / k)) + 1;
    const bound = levels / k;
    expect(sketch.retained).toBeLessThanOrEqual(levels * k);
    const got = sketch.quantiles(QS);
    for (let i = 0; i < QS.length; i++) {
      // The value returned sits within `bound` of the asked rank (ties: anywhere in the tie range).
      const lowRank = rankShare(sorted, got[i]!);
      const exact = quantileSorted(sorted, QS[i]!);
      if (got[i] === exact) continue;
      expect(Math.abs(lowRank - QS[i]!), `q=${QS[i]}`).toBeLessThanOrEqual(bound);
    }
    expect(got[0]).toBe(sorted[0]);
    expect(got[QS.length - 1]).toBe(sorted[n - 1]);
    expect(sketch.count).toBe(n);
    expect(sketch.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / n, 9);
    expect(sketch.std / standardDeviation(values)).toBeCloseTo(1, 10);
  });

  it('merges: parts folded together match the whole within the bound', () => {
    const n = 300_000;
    const k = 512;
    const next = random(3);
    const values = Float64Array.from({ length: n }, () => next() ** 2);
    const parts = [new QuantileSketch(k), new QuantileSketch(k), new QuantileSketch(k)];
    for (let i = 0; i < n; i++) parts[i % 3]!.add(values[i]!);
    const { merged, sorted } = mergedWithinBound(values, parts, k);
    expect(merged.std / standardDeviation(values)).toBeCloseTo(1, 10);
    expect(merged.min).toBe(sorted[0]);
    expect(merged.max).toBe(sorted[n - 1]);
  });

  it('crosses a thread as plain data: fromState(toState()) holds the same values, weights and statistics', () => {
    const next = random(9);
    const values = Float64Array.from({ length: 200_001 }, () => next() * 50 - 5);
    const k = 256;
    const parts = [new QuantileSketch(k), new QuantileSketch(k)];
    parts[0]!.addAll(values, 0, 120_000);
    parts[1]!.addAll(values, 120_000);
    const copies = parts.map((p) => QuantileSketch.fromState(structuredClone(p.toState())));
    expect(copies.map((c) => c.quantiles(QS))).toEqual(parts.map((p) => p.quantiles(QS)));
    expect(copies.map((c) => [c.count, c.mean, c.std, c.retained])).toEqual(
      parts.map((p) => [p.count, p.mean, p.std, p.retained]),
    );
    // Merged from their states, the parts match the whole within the merge bound, and as the originals merge.
    const { merged } = mergedWithinBound(values, copies, k);
    const direct = new QuantileSketch(k);
    for (const p of parts) direct.merge(p);
    expect(merged.quantiles(QS)).toEqual(direct.quantiles(QS));
  });

  it('adds blocks (addAll) exactly as it adds the same values one at a time', () => {
    const next = random(5);
    const values = Float64Array.from({ length: 100_003 }, () => Math.round(next() * 1e4) / 100);
    const one = new QuantileSketch(128);
    for (const v of values) one.add(v);
    const blocks = new QuantileSketch(128);
    for (let i = 0; i < values.length; i += 4099) blocks.addAll(values, i, Math.min(values.length, i + 4099));
    expect(blocks.quantiles(QS)).toEqual(one.quantiles(QS));
    expect([blocks.count, blocks.mean, blocks.std, blocks.retained]).toEqual([
      one.count,
      one.mean,
      one.std,
      one.retained,
    ]);
  });

  it('keeps the total weight of its values equal to the count when uneven parts are merged', () => {
    const n = 50_001;
    const k = 6;
    const next = random(9);
    const values = Float64Array.from({ length: n }, () => next());
    const parts = [
      new QuantileSketch(k),
      new QuantileSketch(k),
      new QuantileSketch(k),
      new QuantileSketch(k),
    ];
    // Uneven parts leave different amounts at level 0 and above, which the merge then combines.
    values.forEach((v, i) => {
      parts[i % 7 < 3 ? 0 : i % 7 < 5 ? 1 : i % 7 < 6 ? 2 : 3]!.add(v);
    });
    // A lost or doubled weight would shift every rank.
    const { merged } = mergedWithinBound(values, parts, k);
    expect(
      (merged as unknown as { weighted(): { weights: Float64Array } })
        .weighted()
        .weights.reduce((a, b) => a + b, 0),
    ).toBe(n);
  });

  it('summarises an empty stream without NaN and refuses a bad k or a merge across sizes', () => {
    expect(new QuantileSketch(4).toSummary(3)).toMatchObject({ count: 0, missing: 3, mean: 0, std: 0 });
    expect(() => new QuantileSketch(3)).toThrow(/even integer/);
    expect(() => new QuantileSketch(4).merge(new QuantileSketch(8))).toThrow(/different sizes/);
  });
});
