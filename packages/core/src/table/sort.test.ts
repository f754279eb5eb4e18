import { describe, expect, it } from 'vitest';
import { seededRandom } from '../evaluation/random.js';
import { sortFloat64 } from './sort.js';

/** The built-in sort's order, compared bit for bit (so −0 / +0 and NaN count). */
function expectSameOrder(values: Float64Array) {
  const expected = values.slice().sort();
  const got = sortFloat64(values.slice());
  expect(got.length).toBe(expected.length);
  for (let i = 0; i < got.length; i++)
    if (!Object.is(got[i], expected[i])) expect([i, got[i]]).toEqual([i, expected[i]]);
}

describe('sortFloat64', () => {
  const next = seededRandom(11);
  it.each([
    ['normal, 2 decimals (drift features)', () => Math.round((next() + next() + next() - 1.5) * 3000) / 100],
    ['wide magnitudes and signs', () => (next() - 0.5) * 10 ** Math.floor(next() * 600 - 300)],
    ['few distinct values', () => Math.floor(next() * 5) - 2],
    ['subnormals and zeros', () => [0, -0, 5e-324, -5e-324, 1e-310, -1e-310][Math.floor(next() * 6)]!],
    [
      'infinities and NaN among values',
      () =>
        [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN, -0, next() - 0.5][
          Math.floor(next() * 5)
        ]!,
    ],
  ])('orders %s as Float64Array.prototype.sort does', (_name, value) => {
    for (const n of [0, 1, 100, 5000, 70_000]) expectSameOrder(Float64Array.from({ length: n }, value));
  });

  it('sorts in place and returns the same array, also for a view at an offset', () => {
    const buffer = new Float64Array(10_000).map(() => next() - 0.5);
    const view = buffer.subarray(8, 9000);
    const expected = view.slice().sort();
    expect(sortFloat64(view)).toBe(view);
    expect(Array.from(view)).toEqual(Array.from(expected));
    expect(buffer[9000]).not.toBeNaN();
  });

  it('sorts already sorted and reversed input', () => {
    expectSameOrder(Float64Array.from({ length: 20_000 }, (_, i) => i / 3));
    expectSameOrder(Float64Array.from({ length: 20_000 }, (_, i) => -i / 3));
  });

  describe('values that repeat (counted, not radix-sorted)', () => {
    /** A NaN whose payload is not the canonical one: every NaN counts as one value. */
    const otherNaN = new Float64Array(new Uint32Array([1, 0xfff00000]).buffer)[0]!;
    const edges = [
      -0,
      0,
      5e-324,
      -5e-324,
      2.2250738585072014e-308,
      -1e-310,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      otherNaN,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      1,
      -1,
    ];
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;

    it('orders -0, +0, subnormals, infinities and NaN payloads as the built-in sort does', () => {
      for (const n of [4096, 50_000]) expectSameOrder(Float64Array.from({ length: n }, () => pick(edges)));
    });

    it('orders one value repeated, and two values (-0 and +0) repeated', () => {
      expectSameOrder(new Float64Array(10_000).fill(2.5));
      expectSameOrder(Float64Array.from({ length: 10_000 }, (_, i) => (i % 3 ? -0 : 0)));
    });

    it('orders 20,000 distinct values repeated ten times each (the table grows past its first size)', () => {
      const pool = Array.from({ length: 20_000 }, (_, i) => (i - 10_000) / 100);
      expectSameOrder(Float64Array.from({ length: 200_000 }, () => pick(pool)));
    });

    it('orders values either side of one distinct value per eight (counted, then radix-sorted)', () => {
      for (const distinct of [5_000, 5_001]) {
        const values = Float64Array.from(
          { length: 40_000 },
          (_, i) => (i < distinct ? i : pick([1, 2, 3])) / 7,
        );
        expectSameOrder(values);
      }
    });

    it('orders values that repeat at first and stop repeating late (the counting gives up intact)', () => {
      const values = Float64Array.from({ length: 60_000 }, (_, i) =>
        i < 45_000 ? pick([-0, 0, 1, 2]) : (next() - 0.5) * 1e6,
      );
      values[59_999] = Number.NaN;
      expectSameOrder(values);
    });

    it('orders more distinct values than the table takes (40,000, repeated 15 times each)', () => {
      const pool = Array.from({ length: 40_000 }, (_, i) => (i - 20_000) / 1000);
      expectSameOrder(Float64Array.from({ length: 600_000 }, () => pick(pool)));
    });

    it('sorts a view at an offset in place', () => {
      const buffer = Float64Array.from({ length: 30_000 }, () => pick([3, -2, 0.5, -0]));
      const view = buffer.subarray(5, 20_005);
      const expected = view.slice().sort();
      expect(sortFloat64(view)).toBe(view);
      for (let i = 0; i < view.length; i++) if (!Object.is(view[i], expected[i])) expect(i).toBe(-1);
      expect(buffer.subarray(0, 5).every((v) => [3, -2, 0.5, -0].includes(v))).toBe(true);
    });
  });
});
