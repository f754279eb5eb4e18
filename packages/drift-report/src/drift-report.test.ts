import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testDeps, testInputs } from '@mlops-actions/github/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { loadReferenceSides } from './reference-accumulator.js';
import { driftReport } from './run.js';

const root = resolve(import.meta.dirname, '../../..');
let data: string; // generated with drift injected into tenure_days and channel
let stable: string;

beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), 'drift-unit-'));
  stable = mkdtempSync(join(tmpdir(), 'drift-unit-stable-'));
  execFileSync(process.execPath, [join(root, 'examples/data/drift/generate.mjs'), data, '--drift']);
  execFileSync(process.execPath, [join(root, 'examples/data/drift/generate.mjs'), stable]);
});

const file = (name: string, text: string) => {
  const path = join(data, name);
  writeFileSync(path, text);
  return path;
};

async function run(values: Record<string, string>) {
  const out = mkdtempSync(join(tmpdir(), 'drift-out-'));
  const inputs = testInputs(
    { definition, parseInputs },
    { 'result-path': join(out, 'result.json'), 'report-dir': join(out, 'report'), ...values },
  );
  const deps = testDeps();
  const result = await driftReport(inputs, deps);
  return { ...result, deps, out };
}

const csv = (rows: string[][]) => `${rows.map((r) => r.join(',')).join('\n')}\n`;

describe('drift-report logic', () => {
  it('joins late outcomes, scores only covered windows and reports coverage', async () => {
    // Drop the outcomes of the newest 3 weeks' second half: those windows fall under 80% coverage.
    const predictions = readFileSync(join(data, 'predictions.csv'), 'utf8').trim().split('\n').slice(1);
    const times = new Map(predictions.map((l) => [l.split(',')[0]!, Date.parse(l.split(',')[1]!)]));
    const asOf = Math.max(...times.values());
    const outcomes = readFileSync(join(data, 'outcomes.csv'), 'utf8').trim().split('\n');
    const kept = outcomes.filter(
      (l, i) => i === 0 || asOf - times.get(l.split(',')[0]!)! > 7 * 86_400_000 || i % 2,
    );
    const res = await run({
      predictions: join(data, 'predictions.csv'),
      outcomes: file('late-outcomes.csv', `${kept.join('\n')}\n`),
      'min-metric': '0.5',
    });
    const w = (res.result as any).performance.windows;
    expect(w[0].coverage).toBeGreaterThan(0.4);
    expect(w[0].coverage).toBeLessThan(0.6);
    expect(w[0].value).toBeNull();
    expect(w[0].skipped).toMatch(/label coverage .* below 80%/);
    expect(w[1].value).not.toBeNull();
    expect((res.result as any).performance.latest.k).toBe(1);
    expect(res.outputs['retrain-reason']).toMatch(/latest scored window/);
  });

  it('fires max-drop against the production score of an evaluate-challenger result', async () => {
    const evaluation = file(
      'evaluation-result.json',
      JSON.stringify({
        kind: 'evaluation',
        metric: 'average-precision',
        decision: 'keep',
        champion: { score: 0.93 },
        challenger: { score: 0.9 },
      }),
    );
    const res = await run({
      predictions: join(data, 'predictions.csv'),
      outcomes: join(data, 'outcomes.csv'),
      'baseline-metric': evaluation,
      'max-drop': '0.05',
    });
    expect(res.outputs.retrain).toBe(true);
    expect(res.outputs['retrain-reason']).toMatch(
      /max-drop: .* worse than the baseline 0\.93 from .*\(champion\)/,
    );

    const wrong = file(
      'eval-logloss.json',
      JSON.stringify({ kind: 'evaluation', metric: 'log-loss', decision: 'keep', champion: { score: 0.3 } }),
    );
    await expect(
      run({
        predictions: join(data, 'predictions.csv'),
        outcomes: join(data, 'outcomes.csv'),
        'baseline-metric': wrong,
        'max-drop': '0.1',
      }),
    ).rejects.toThrow(/scored log-loss, but this report uses average-precision/);
  });

  it('lower-is-better metrics invert the comparison', async () => {
    const good = await run({
      predictions: join(stable, 'predictions.csv'),
      outcomes: join(stable, 'outcomes.csv'),
      metric: 'log-loss',
      'min-metric': '5',
    });
    expect(good.outputs.retrain).toBe(false);
    const bad = await run({
      predictions: join(stable, 'predictions.csv'),
      outcomes: join(stable, 'outcomes.csv'),
      metric: 'log-loss',
      'min-metric': '0.01',
    });
    expect(bad.outputs.retrain).toBe(true);
    expect(bad.outputs['retrain-reason']).toMatch(/lower is better/);
  });

  it('writes a reference summary once and later runs flag the same features from it', async () => {
    const summary = join(mkdtempSync(join(tmpdir(), 'ref-')), 'reference.json');
    const first = await run({
      predictions: join(data, 'predictions.csv'),
      reference: join(data, 'reference.csv'),
      'write-reference': summary,
    });
    const written = JSON.parse(readFileSync(summary, 'utf8'));
    expect(written.kind).toBe('drift-reference');
    expect(written.features.channel.type).toBe('categorical');
    expect(written.features.tenure_days.quantiles).toHaveLength(1001);
    const again = await run({
      predictions: join(data, 'predictions.csv'),
      reference: join(data, 'reference.csv'),
      'write-reference': summary,
    });
    expect(again.deps.logger.lines.map((l) => l.message).join('\n')).toMatch(
      /already exists; it was not overwritten/,
    );
    expect(readFileSync(summary, 'utf8')).toBe(`${JSON.stringify(written)}\n`);

    const fromSummary = await run({ predictions: join(data, 'predictions.csv'), reference: summary });
    expect(JSON.parse(String(fromSummary.outputs['drifted-features'])).sort()).toEqual(
      JSON.parse(String(first.outputs['drifted-features'])).sort(),
    );
    expect((fromSummary.result as any).reference.kind).toBe('summary');
  });

  it('streams a reference beyond reference-exact-limit into sketches: same verdicts, approximate statistics', async () => {
    const exact = await run({
      predictions: join(data, 'predictions.csv'),
      reference: join(data, 'reference.csv'),
    });
    const sketched = await run({
      predictions: join(data, 'predictions.csv'),
      reference: join(data, 'reference.csv'),
      'reference-exact-limit': '100',
    });
    const e = (exact.result as any).features;
    const s = (sketched.result as any).features;
    expect(JSON.parse(String(sketched.outputs['drifted-features'])).sort()).toEqual(
      JSON.parse(String(exact.outputs['drifted-features'])).sort(),
    );
    for (const name of Object.keys(e)) {
      expect(s[name].type).toBe(e[name].type);
      if (e[name].type === 'categorical') {
        expect(s[name]).toEqual(e[name]); // counts are exact either way
        continue;
      }
      expect(e[name].method).toBe('exact');
      expect(s[name].method).toBe('summary');
      expect(s[name].reference).toEqual(e[name].reference);
      // 3000 values stay below the sketch's k: only the 1001-quantile summary approximates.
      expect(Math.abs(s[name].statistic - e[name].statistic)).toBeLessThan(0.02);
    }
    expect(sketched.deps.logger.lines.map((l) => l.message).join('\n')).toMatch(
      /More reference values than reference-exact-limit \(100 in total\) holds: .*tenure_days.* streamed into quantile sketches/,
    );
  });

  it('splits reference-exact-limit evenly across the features: exact while each fits its share', async () => {
    const features = ['age', 'tenure_days', 'basket_value', 'visits_30d', 'channel', 'country'];
    const load = (budget: number) =>
      loadReferenceSides(
        {
          source: join(data, 'reference.csv'),
          inputName: 'reference',
          format: 'auto',
          maxBadRecords: 0,
          onWarning: () => {},
        },
        features,
        new Set(),
        budget,
      );
    const fits = await load(3000 * features.length); // 3000 rows: every feature fits its share
    expect(fits.map((c) => c.sketched)).toEqual(features.map(() => false));
    expect(fits[1]!.side()).toMatchObject({ kind: 'numeric' });
    const tight = await load(3000 * features.length - 1);
    expect(tight.filter((c) => c.sketched).map((c) => c.name)).toEqual([
      'age',
      'tenure_days',
      'basket_value',
      'visits_30d',
    ]);
    expect(tight[1]!.side()).toMatchObject({ kind: 'numeric-summary', count: 3000 });
    expect(tight[4]!.side()).toMatchObject({ kind: 'categorical' });
  });

  it('refuses text in a numeric reference feature after it was sketched, naming the feature and the fix', async () => {
    // Two files: each is read as its own batch, so the text arrives after the numbers were sketched.
    const rows = [['age', 'id']];
    for (let i = 0; i < 50; i++) rows.push([String(20 + (i % 30)), `e${i}`]);
    mkdirSync(join(data, 'late'), { recursive: true });
    file('late/a.csv', csv(rows));
    file(
      'late/b.csv',
      csv([
        ['age', 'id'],
        ['unknown', 'e50'],
      ]),
    );
    const reference = join(data, 'late/*.csv');
    await expect(
      run({
        predictions: join(data, 'predictions.csv'),
        reference,
        features: 'age',
        'reference-exact-limit': '10',
      }),
    ).rejects.toThrow(
      /feature "age" has text \("unknown"\) after 50 numeric values were already reduced to a sketch/,
    );
    // Below the limit the same column simply becomes categorical, as before.
    const ok = await run({ predictions: join(data, 'predictions.csv'), reference, features: 'age' });
    expect((ok.result as any).features.age.type).toBe('categorical');
  });

  it('uses a Model Monitor statistics.json baseline as the reference', async () => {
    const kll = (lo: number, hi: number, n: number) =>
      Array.from({ length: 10 }, (_, i) => ({
        lower_bound: lo + ((hi - lo) * i) / 10,
        upper_bound: lo + ((hi - lo) * (i + 1)) / 10,
        count: n / 10,
      }));
    const stats = file(
      'statistics.json',
      JSON.stringify({
        version: 0,
        dataset: { item_count: 1000 },
        features: [
          {
            name: 'tenure_days',
            inferred_type: 'Integral',
            numerical_statistics: {
              common: { num_present: 1000, num_missing: 0 },
              mean: 400,
              std_dev: 200,
              min: 30,
              max: 800,
              distribution: { kll: { buckets: kll(30, 800, 1000) } },
            },
          },
          {
            name: 'channel',
            inferred_type: 'String',
            string_statistics: {
              common: { num_present: 1000, num_missing: 0 },
              distribution: {
                categorical: {
                  buckets: [
                    { value: 'web', count: 500 },
                    { value: 'app', count: 400 },
                    { value: 'store', count: 100 },
                  ],
                },
              },
            },
          },
        ],
      }),
    );
    const res = await run({
      predictions: join(data, 'predictions.csv'),
      reference: stats,
      features: 'tenure_days,channel',
    });
    expect((res.result as any).reference.kind).toBe('model-monitor');
    expect(JSON.parse(String(res.outputs['drifted-features']))).toContain('tenure_days');
  });

  it('leaves ID-like text columns out of drift by default, names them in the report, and compares them when `features` names them', async () => {
    const rows = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => [
        `${prefix}${i}`,
        '2026-11-20T00:00:00Z',
        '0.5',
        `cust-${prefix}${i}`,
        i % 2 ? 'app' : 'web',
      ]);
    const pred = file(
      'ids.csv',
      csv([['id', 'timestamp', 'score', 'customer_id', 'channel'], ...rows('p', 40)]),
    );
    const ref = file(
      'ids-ref.csv',
      csv([['customer_id', 'channel'], ...rows('r', 60).map((r) => [r[3]!, r[4]!])]),
    );
    const byDefault = await run({ predictions: pred, reference: ref });
    const result = byDefault.result as any;
    expect(Object.keys(result.features)).toEqual(['channel']);
    expect(result.excluded_features).toEqual([
      { name: 'customer_id', reason: expect.stringMatching(/^100% distinct/) },
    ]);
    expect(byDefault.summary).toMatch(/Not compared \(ID-like.*`customer_id`/);
    expect(readFileSync(String(byDefault.outputs['report-path']), 'utf8')).toMatch(
      /Not compared \(ID-like.*<code>customer_id<\/code>/,
    );
    const explicit = await run({ predictions: pred, reference: ref, features: 'customer_id,channel' });
    expect(Object.keys((explicit.result as any).features).sort()).toEqual(['channel', 'customer_id']);
    expect((explicit.result as any).excluded_features).toBeUndefined();
  });

  it('compares the id column itself when `features` names it (read as a feature, not only checked)', async () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => [`e${i % 7}`, '2026-11-20T00:00:00Z', '0.5', String(i % 3)]);
    const pred = file('id-feature.csv', csv([['id', 'timestamp', 'score', 'x'], ...rows(40)]));
    const ref = file('id-feature-ref.csv', csv([['id', 'x'], ...rows(60).map((r) => [r[0]!, r[3]!])]));
    const res = await run({ predictions: pred, reference: ref, features: 'id,x' });
    expect((res.result as any).features.id.current).toMatchObject({ count: 40, missing: 0 });
  });

  it('reads predictions past one batch (65,536 rows): timestamps, scores and features of every batch in order', async () => {
    const rows = Array.from({ length: 70_000 }, (_, i) => [
      `e${i}`,
      i < 65_536 ? '2026-11-10T00:00:00Z' : '2026-11-20T00:00:00Z',
      i < 65_536 ? '0.25' : '0.75',
      i < 65_536 ? '1' : '2',
    ]);
    const pred = file('two-batches.csv', csv([['id', 'timestamp', 'score', 'x'], ...rows]));
    const res = await run({ predictions: pred });
    const result = res.result as any;
    expect(result.current.rows).toBe(70_000 - 65_536);
    expect(result.features.x.current.count).toBe(70_000 - 65_536);
    expect(result.features.x.reference.count).toBe(65_536);
    // Each batch's values stay with its own rows: the later batch (the current window) is all 2 and scores 0.75.
    expect(result.features.x.statistic).toBe(1);
    expect(result.features.x.histogram.current).toEqual([0, 1]);
    expect(result.prediction).toMatchObject({ statistic: 1, current: { count: 70_000 - 65_536 } });
    expect(result.prediction.histogram).toMatchObject({ bins: ['< 0.25', '≥ 0.25'], current: [0, 1] });
  });

  it('counts missing values and unseen categories instead of dropping them', async () => {
    const pred = file(
      'missing.csv',
      csv([
        ['id', 'timestamp', 'score', 'x', 'colour'],
        ...Array.from({ length: 40 }, (_, i) => [
          `e${i}`,
          '2026-11-20T00:00:00Z',
          '0.5',
          i % 4 ? String(i) : '',
          i % 5 ? 'red' : 'purple',
        ]),
      ]),
    );
    const ref = file(
      'missing-ref.csv',
      csv([['x', 'colour'], ...Array.from({ length: 40 }, (_, i) => [String(i), i % 2 ? 'red' : 'blue'])]),
    );
    const res = await run({ predictions: pred, reference: ref });
    const f = (res.result as any).features;
    expect(f.x.current).toMatchObject({ count: 30, missing: 10 });
    expect(f.colour.unseen_categories).toEqual({ count: 8, values: ['purple'] });
  });

  describe('bad input gets one clear error and writes nothing', () => {
    const cases: [string, () => Record<string, string>, RegExp][] = [
      [
        'an unknown feature column',
        () => ({ predictions: join(data, 'predictions.csv'), features: 'age,basket_size' }),
        /basket_size/,
      ],
      [
        'an unknown id column',
        () => ({
          predictions: join(data, 'predictions.csv'),
          outcomes: join(data, 'outcomes.csv'),
          'id-column': 'event_id',
        }),
        /event_id/,
      ],
      [
        'a feature numeric in the reference and text in the current data',
        () => ({
          predictions: file(
            'text.csv',
            csv([
              ['id', 'timestamp', 'score', 'age'],
              ['a', '2026-11-20T00:00:00Z', '0.4', 'forty'],
              ['b', '2026-11-20T00:00:00Z', '0.4', 'fifty'],
            ]),
          ),
          reference: file('num.csv', csv([['age'], ['40'], ['50']])),
        }),
        /Feature "age" is numeric in the reference but text in the current data \(e\.g\. "forty"\)/,
      ],
      [
        'a prediction without an event id (no outcomes: ids read as bytes, only checked)',
        () => ({
          predictions: file(
            'no-id.csv',
            csv([
              ['id', 'timestamp', 'score', 'age'],
              ['a', '2026-11-20T00:00:00Z', '0.4', '40'],
              ['', '2026-11-20T00:00:00Z', '0.4', '50'],
            ]),
          ),
        }),
        /no-id\.csv, record 3: empty id \(column "id"\)\./,
      ],
      [
        'a prediction without an event id, with outcomes (ids read as text)',
        () => ({
          predictions: file(
            'no-id-joined.csv',
            csv([
              ['id', 'timestamp', 'score', 'age'],
              ['""', '2026-11-20T00:00:00Z', '0.4', '40'],
            ]),
          ),
          outcomes: join(data, 'outcomes.csv'),
        }),
        /no-id-joined\.csv, record 2: empty id \(column "id"\)\./,
      ],
      [
        'a JSON Lines prediction with an empty event id',
        () => ({
          predictions: file(
            'no-id.jsonl',
            [
              JSON.stringify({ id: 'a', timestamp: '2026-11-20T00:00:00Z', score: 0.4, age: 40 }),
              JSON.stringify({ id: '', timestamp: '2026-11-20T00:00:00Z', score: 0.4, age: 50 }),
            ].join('\n'),
          ),
        }),
        /no-id\.jsonl, record 2: empty id \(column "id"\)\./,
      ],
      [
        'an empty current window',
        () => ({ predictions: join(data, 'predictions.csv'), 'as-of': '2020-01-01T00:00:00Z' }),
        /current window \(2019-12-25T00:00:00\.000Z – 2020-01-01T00:00:00\.000Z\) has no predictions/,
      ],
      [
        'a join that matches nothing',
        () => ({
          predictions: join(data, 'predictions.csv'),
          outcomes: file(
            'other-ids.csv',
            csv([
              ['id', 'label'],
              ['x1', '1'],
              ['x2', '0'],
            ]),
          ),
        }),
        /No outcome matches a prediction on "id": e\.g\. prediction ids "ev-/,
      ],
      [
        'malformed capture records beyond max-bad-records',
        () => ({
          predictions: file(
            'capture.jsonl',
            [
              JSON.stringify({
                captureData: {
                  endpointInput: {
                    mode: 'INPUT',
                    observedContentType: 'text/csv',
                    encoding: 'CSV',
                    data: '1,2',
                  },
                  endpointOutput: {
                    mode: 'OUTPUT',
                    observedContentType: 'text/csv',
                    encoding: 'CSV',
                    data: '0.4',
                  },
                },
                eventMetadata: { eventId: 'a', inferenceTime: '2026-11-20T00:00:00Z' },
              }),
              '{"captureData": broken',
            ].join('\n'),
          ),
        }),
        /capture\.jsonl.*line 2/,
      ],
    ];
    it.each(cases)('%s', async (_name, values, message) => {
      const v = values();
      const out = mkdtempSync(join(tmpdir(), 'drift-bad-'));
      await expect(run({ ...v, 'result-path': join(out, 'r.json'), 'report-dir': out })).rejects.toThrow(
        message,
      );
      expect(existsSync(join(out, 'r.json'))).toBe(false);
      expect(existsSync(join(out, 'drift-report.html'))).toBe(false);
    });
  });
});

describe('lookback', () => {
  it('must hold the current window at least', () => {
    expect(() =>
      testInputs({ definition, parseInputs }, { predictions: 'p.csv', window: '7d', lookback: '3d' }),
    ).toThrow('Input "lookback": "3d" is shorter than `window`; it must cover at least the current window');
    expect(
      testInputs({ definition, parseInputs }, { predictions: 'p.csv', window: '7d', lookback: '12w' })
        .lookbackMs,
    ).toBe(84 * 86_400_000);
  });
});
