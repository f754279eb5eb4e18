import { describe, expect, it } from 'vitest';
import { type FeatureSide, SUMMARY_QUANTILES, summarizeNumeric } from './features.js';
import { fromReferenceSummary, referenceSidesFromJson, toReferenceSummary } from './reference-summary.js';

const exact: FeatureSide = { kind: 'numeric', sorted: Float64Array.from([1, 2, 3, 4]), missing: 1 };
const channel: FeatureSide = {
  kind: 'categorical',
  counts: new Map([
    ['web', 3],
    ['app', 1],
  ]),
  missing: 2,
};

describe('reference summary', () => {
  it('reduces exact numbers to the summary and keeps category counts; read back, the sides compare the same', () => {
    const summary = toReferenceSummary(
      new Map<string, FeatureSide>([
        ['age', exact],
        ['channel', channel],
      ]),
      'ref.csv',
      new Date(0),
    );
    expect(summary).toMatchObject({
      schema_version: 1,
      kind: 'drift-reference',
      created_at: '1970-01-01T00:00:00.000Z',
      source: 'ref.csv',
      features: {
        age: { type: 'numeric', count: 4, missing: 1, mean: 2.5 },
        channel: { type: 'categorical', count: 4, missing: 2, counts: { web: 3, app: 1 } },
      },
    });
    const back = fromReferenceSummary(JSON.parse(JSON.stringify(summary)));
    expect(back.get('age')).toEqual(summarizeNumeric(exact));
    expect(back.get('channel')).toEqual(channel);
  });

  it('reads a JSON reference as a written summary by its kind, else as Model Monitor statistics', () => {
    const written = toReferenceSummary(new Map([['age', exact]]), 'ref.csv', new Date(0));
    expect(referenceSidesFromJson(written, 'ref.json').kind).toBe('summary');
    const monitor = {
      features: [
        {
          name: 'age',
          numerical_statistics: {
            common: { num_present: 10, num_missing: 0 },
            mean: 5,
            std_dev: 2,
            distribution: { kll: { buckets: [{ lower_bound: 0, upper_bound: 10, count: 10 }] } },
          },
        },
      ],
    };
    const read = referenceSidesFromJson(monitor, 'statistics.json');
    expect(read.kind).toBe('model-monitor');
    const age = read.sides.get('age');
    expect(age).toMatchObject({ kind: 'numeric-summary', count: 10, mean: 5, std: 2 });
    // One uniform bucket over [0, 10]: quantile q is 10 q.
    expect((age as { quantiles: number[] }).quantiles[(SUMMARY_QUANTILES - 1) / 2]).toBeCloseTo(5, 12);
    expect(() => referenceSidesFromJson({ kind: 'other' }, 'x.json')).toThrow(
      'x.json is not a Model Monitor statistics.json: it has no "features" list.',
    );
  });
});
