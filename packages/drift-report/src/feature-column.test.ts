import type { Column } from '@mlops-actions/data';
import { describe, expect, it } from 'vitest';
import { FeatureColumn, featureSide } from './feature-column.js';

const numbers = (...values: number[]): Column => ({ kind: 'number', values: Float64Array.from(values) });
const text = (...values: (string | null)[]): Column => ({ kind: 'string', values });

describe('FeatureColumn', () => {
  it('keeps numeric batches as they come and builds a side across them, rows picked by `keep`', () => {
    const column = new FeatureColumn('x', false);
    column.append(numbers(5, Number.NaN, 1));
    column.append(numbers(4, -0, 2, Number.NaN));
    column.append(numbers(3));
    expect(column.length).toBe(8);
    expect(featureSide(column)).toEqual({
      kind: 'numeric',
      sorted: Float64Array.from([-0, 1, 2, 3, 4, 5]),
      missing: 2,
    });
    // Rows 0, 1, 4, 6 and 7: the mask runs on across the batch boundaries.
    const keep = Uint8Array.from([1, 1, 0, 0, 1, 0, 1, 1]);
    expect(featureSide(column, keep)).toEqual({
      kind: 'numeric',
      sorted: Float64Array.from([-0, 3, 5]),
      missing: 2,
    });
  });

  it('turns categorical at the first text batch: numbers held before and after become their text form', () => {
    const column = new FeatureColumn('x', false);
    column.append(numbers(1.5, Number.NaN));
    column.append(numbers(2));
    column.append(text('red', null, ' '));
    column.append(numbers(1.5));
    expect(column.kind).toBe('categorical');
    expect(column.length).toBe(7);
    expect(featureSide(column)).toEqual({
      kind: 'categorical',
      counts: new Map([
        ['1.5', 2],
        ['2', 1],
        ['red', 1],
      ]),
      missing: 3,
    });
  });
});
