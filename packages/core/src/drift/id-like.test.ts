import { describe, expect, it } from 'vitest';
import type { FeatureSide } from './features.js';
import { idLikeFeatures, idLikeReason } from './id-like.js';

const categorical = (values: string[]) => {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return { kind: 'categorical' as const, counts, missing: 0 };
};
const numeric = (values: number[]) => ({
  kind: 'numeric' as const,
  sorted: Float64Array.from(values).sort(),
  missing: 0,
});
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('ID-like columns', () => {
  it('flags text columns whose reference values are at least 95% distinct', () => {
    expect(idLikeReason(categorical(range(100).map((i) => `c-${i}`)))).toMatch(/^100% distinct/);
    // 95 distinct of 100: exactly at the threshold.
    expect(idLikeReason(categorical([...range(95).map(String), '0', '1', '2', '3', '4']))).toMatch(
      /^95% distinct/,
    );
  });

  it('keeps real features: repeated categories, numbers (distinct or not), small samples, summaries', () => {
    expect(idLikeReason(numeric(range(100).map((i) => 10_000 + i)))).toBeUndefined();
    expect(idLikeReason(categorical([...range(93).map(String), ...Array(7).fill('x')]))).toBeUndefined();
    expect(idLikeReason(categorical(range(200).map((i) => ['app', 'web'][i % 2]!)))).toBeUndefined();
    expect(idLikeReason(numeric(range(100).map((i) => i * 1.37 + 0.01)))).toBeUndefined();
    expect(idLikeReason(categorical(range(10).map(String)))).toBeUndefined();
    expect(
      idLikeReason({ kind: 'numeric-summary', count: 100, missing: 0, mean: 0, std: 1, quantiles: [] }),
    ).toBeUndefined();
  });

  it('lists the ID-like columns of a reference by name', () => {
    const reference = new Map<string, FeatureSide>([
      ['order_id', categorical(range(50).map((i) => `o${i}`))],
      ['channel', categorical(range(50).map((i) => ['app', 'web'][i % 2]!))],
      ['customer_id', categorical(range(50).map((i) => `c${i}`))],
      ['amount', numeric(range(50))],
    ]);
    expect(idLikeFeatures(reference).map((f) => f.name)).toEqual(['customer_id', 'order_id']);
  });
});
