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
});
