import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { compareCategorical } from './categorical.js';
import {
  compareFeature,
  compareFeatures,
  datasetDrift,
  hasReferenceValues,
  predictionDrift,
} from './compare.js';
import { type CategoryCounts, compareNumeric, type NumericValues } from './features.js';

const numeric = (...values: number[]): NumericValues => ({
  kind: 'numeric',
  sorted: Float64Array.from(values).sort(),
  missing: 0,
});
const categories = (counts: Record<string, number>): CategoryCounts => ({
  kind: 'categorical',
  counts: new Map(Object.entries(counts)),
  missing: 0,
});
const none = { tests: new Map(), thresholds: new Map() };

describe('compareFeature', () => {
  const ref = numeric(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
  const cur = numeric(5, 6, 7, 8, 9, 10, 11, 12, 13, 14);

  it('compares numeric sides exactly as compareNumeric does when no rule is set', () => {
    expect(compareFeature('x', ref, cur, none)).toEqual(compareNumeric('x', ref, cur));
  });

  it('uses the feature threshold first, then the threshold of its configured test', () => {
    const byFeature = compareFeature('x', ref, cur, {
      tests: new Map([['x', 'psi']]),
      thresholds: new Map([
        ['x', 0.01],
        ['psi', 5],
      ]),
    });
    expect(byFeature).toMatchObject({ test: 'psi', threshold: 0.01 });
    const byTest = compareFeature('x', ref, cur, {
      tests: new Map([['x', 'psi']]),
      thresholds: new Map([['psi', 5]]),
    });
    expect(byTest).toMatchObject({ test: 'psi', threshold: 5, drift: false });
  });

  it('applies the threshold of the test chosen by default (known only after the first comparison)', () => {
    // 10 reference values: KS by default; a KS threshold of 0.9 makes p < 0.9 drift.
    const f = compareFeature('x', ref, cur, { tests: new Map(), thresholds: new Map([['ks', 0.9]]) });
    expect(f).toEqual(compareNumeric('x', ref, cur, { test: 'ks', threshold: 0.9 }));
    expect(f.drift).toBe(true);
    expect(compareFeature('x', ref, cur, none).drift).toBe(false);
  });

  it('compares numbers as categories against a categorical reference', () => {
    const f = compareFeature('n', categories({ '1': 5, '2': 5 }), numeric(1, 1, 2, 2, 2), none);
    expect(f).toEqual(
      compareCategorical('n', categories({ '1': 5, '2': 5 }), categories({ '1': 2, '2': 3 })),
    );
  });

  it('refuses text current data against a numeric reference, quoting a current value', () => {
    const call = () => compareFeature('age', ref, categories({ forty: 1 }), none);
    expect(call).toThrow(UserError);
    expect(call).toThrow(
      'Feature "age" is numeric in the reference but text in the current data (e.g. "forty").',
    );
  });
});

describe('compareFeatures', () => {
  it('names a feature that the reference lacks', () => {
    expect(() => compareFeatures(new Map(), [['tenure', numeric(1)]], none)).toThrow(
      /Feature "tenure" is not in the reference/,
    );
  });

  it('compares every current feature against its reference side', () => {
    const out = compareFeatures(new Map([['a', numeric(1, 2, 3)]]), [['a', numeric(1, 2, 3)]], none);
    expect([...out.keys()]).toEqual(['a']);
    expect(out.get('a')!.drift).toBe(false);
  });
});

describe('hasReferenceValues and datasetDrift', () => {
  it('sees a reference only when one side has a value', () => {
    expect(hasReferenceValues(new Map([['a', numeric()]]))).toBe(false);
    expect(hasReferenceValues(new Map([['a', categories({})]]))).toBe(false);
    expect(
      hasReferenceValues(
        new Map<string, NumericValues | CategoryCounts>([
          ['a', numeric()],
          ['b', categories({ x: 1 })],
        ]),
      ),
    ).toBe(true);
  });

  it('flags dataset drift when the drifted share reaches the threshold', () => {
    const f = (name: string, drift: boolean) => ({ ...compareNumeric(name, numeric(1), numeric(1)), drift });
    const features = new Map([
      ['a', f('a', true)],
      ['b', f('b', false)],
    ]);
    expect(datasetDrift(features, 0.5)).toEqual({ drifted: ['a'], share: 0.5, drift: true });
    expect(datasetDrift(features, 0.6)).toMatchObject({ drift: false });
    expect(datasetDrift(new Map(), 0.1)).toEqual({ drifted: [], share: 0, drift: false });
  });
});

describe('predictionDrift', () => {
  it('compares current-window scores (index 0) with older ones (index > 0), ignoring rows outside the windows', () => {
    const scores = Float64Array.from([0.1, 0.2, 0.9, 0.8, 0.5, Number.NaN]);
    const windows = Int32Array.from([1, 2, 0, 0, -1, 0]);
    const f = predictionDrift('score', scores, windows)!;
    expect(f).toEqual(compareNumeric('score', numeric(0.1, 0.2), numeric(0.8, 0.9)));
  });

  it('is null without older scores', () => {
    expect(predictionDrift('score', Float64Array.from([0.5]), Int32Array.from([0]))).toBeNull();
  });
});
