// drift-report on athena:// tables gives what the files path gives on the same files: the generated SQL runs for real
// on DuckDB over the drift example (tables of text columns, as a CSV table in Glue), in both dialects. Performance
// windows are exact (1e-9); feature tests compare summaries (1,001 quantiles per side), within the documented bound.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  athenaDialect,
  compareFeatures,
  type DriftResult,
  duckdbDialect,
  featureSidesFromRows,
  type NumericSummary,
  performanceCountsFromRows,
  type SqlDialect,
} from '@mlops-actions/core';
import { testDeps, testInputs } from '@mlops-actions/github/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATHENA_SHIMS } from '../../../test/harness/athena-world.js';
import { featureSql, performanceFromCounts, performanceSql } from './athena.js';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { driftReport } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'drift-athena-'));
const db = await (await DuckDBInstance.create(':memory:')).connect();
const inputs = (values: Record<string, string>) => testInputs({ definition, parseInputs }, values);
const features = 'age, tenure_days, basket_value, visits_30d, channel, country';
const common = {
  features,
  'categorical-features': 'channel, country',
  'comment-on-pr': 'false',
  'report-dir': '',
};
const files = {
  predictions: join(dir, 'predictions.csv'),
  outcomes: join(dir, 'outcomes.csv'),
  reference: join(dir, 'reference.csv'),
};
const tables = {
  predictions: 'athena://ml/predictions',
  outcomes: 'athena://ml/outcomes',
  reference: 'athena://ml/reference',
};

beforeAll(async () => {
  execFileSync(process.execPath, [
    resolve(import.meta.dirname, '../../../examples/data/drift/generate.mjs'),
    dir,
    '--drift',
  ]);
  await db.run("SET TimeZone = 'UTC'");
  await db.run('CREATE SCHEMA ml');
  for (const name of ['predictions', 'outcomes', 'reference'])
    await db.run(
      `CREATE VIEW ml.${name} AS SELECT * FROM read_csv('${join(dir, `${name}.csv`)}', header = true, all_varchar = true)`,
    );
  for (const shim of ATHENA_SHIMS) await db.run(shim);
});

async function rows(sql: string): Promise<(string | null)[][]> {
  const reader = await db.runAndReadAll(sql);
  return reader.getRows().map((r) => r.map((v) => (v === null ? null : String(v))));
}

async function local(values: Record<string, string>): Promise<DriftResult> {
  const res = await driftReport(
    inputs({ ...common, ...files, ...values, 'result-path': join(dir, `r-${Math.random()}.json`) }),
    testDeps(),
  );
  return res.result as DriftResult;
}

describe('drift-report performance windows as SQL match the files path', () => {
  const cases: [string, Record<string, string>][] = [
    ['average-precision', {}],
    ['roc-auc', {}],
    ['log-loss', {}],
    ['brier', {}],
    ['f1', { threshold: '0.4' }],
    ['rmse', {}],
    // Daily windows of 47–72 predictions: the newest (52, half its labels) gets a CBPE estimate; with
    // min-window-rows 55 it is too small to estimate and the days under 55 are "insufficient data".
    ['roc-auc', { window: '1d', 'max-windows': '14', 'min-window-rows': '40' }],
    ['average-precision', { window: '1d', 'max-windows': '14', 'min-window-rows': '55' }],
  ];
  for (const dialect of [duckdbDialect, athenaDialect])
    for (const [metric, extra] of cases)
      it(`${dialect.name}, ${metric}${extra.window ? ` (window ${extra.window}, min-window-rows ${extra['min-window-rows']})` : ''}: rows, labels, coverage, value (1e-9) and CBPE estimate per window, join counts`, async () => {
        const values = { metric, 'min-label-coverage': '0.8', ...extra };
        const expected = await local(values);
        const athena = inputs({ ...common, ...tables, ...values });
        const counts = performanceCountsFromRows(await rows(performanceSql(athena, dialect)));
        const asOf = counts.stats.get('as_of')!;
        expect(new Date(asOf).toISOString()).toBe(expected.as_of);
        const got = performanceFromCounts(athena, counts, asOf);
        const shape = (w: DriftResult['performance']['windows'][number]) => [
          w.k,
          w.start,
          w.end,
          w.rows,
          w.labeled,
          w.coverage,
          w.skipped,
          // CBPE works on distinct scores with counts on both paths: the same estimate, not just a close one.
          w.estimated ?? null,
        ];
        expect(got.windows.map(shape)).toEqual(expected.performance.windows.map(shape));
        if (extra.window) {
          const few = Number(extra['min-window-rows']);
          expect(got.windows.filter((w) => w.estimated).map((w) => w.k)).toEqual(few < 52 ? [0] : []);
          const insufficient = got.windows.filter((w) => w.skipped?.startsWith('insufficient data'));
          expect(insufficient.map((w) => w.rows < few)).toEqual(insufficient.map(() => true));
          expect([insufficient.length > 0, got.windows.some((w) => w.value !== null)]).toEqual([
            few > 47,
            true,
          ]);
        }
        for (const [k, w] of got.windows.entries()) {
          const want = expected.performance.windows[k]!.value;
          if (want === null) expect(w.value).toBeNull();
          else expect(Math.abs(w.value! - want)).toBeLessThan(1e-9);
        }
        expect(got.join).toEqual(expected.performance.join);
        expect(got.currentRows).toBe(expected.current.rows);
      });
});

/** The current window and the reference, each summarised by the engine, compared as the report compares them. */
async function summarisedDrift(dialect: SqlDialect, reference: 'reference' | 'older') {
  const athena = inputs({ ...common, ...tables, ...(reference === 'older' ? { reference: '' } : {}) });
  const counts = performanceCountsFromRows(await rows(performanceSql(athena, dialect)));
  const asOf = counts.stats.get('as_of')!;
  const current = featureSidesFromRows(await rows(featureSql(athena, dialect, 'current', asOf)));
  const ref = featureSidesFromRows(await rows(featureSql(athena, dialect, reference, asOf)));
  const names = features.split(', ');
  return {
    drift: compareFeatures(
      ref,
      names.map((n) => [n, current.get(n)!] as const),
      athena,
    ),
    current,
    ref,
  };
}

const ksSeen: [string, number, number][] = [];

describe('feature drift from summaries on both sides stays within the documented bound of the exact tests', () => {
  for (const reference of ['reference', 'older'] as const)
    it(`reference = ${reference === 'reference' ? 'a reference table' : 'the older windows'}: KS within 2/1000, Wasserstein within the quantile spacing, same verdicts`, async () => {
      const expected = await local(reference === 'older' ? { reference: '' } : {});
      for (const dialect of [duckdbDialect, athenaDialect]) {
        const { drift, current, ref } = await summarisedDrift(dialect, reference);
        for (const [name, want] of Object.entries(expected.features)) {
          const got = drift.get(name)!;
          expect([name, got.test, got.drift]).toEqual([name, want.test, want.drift]);
          expect([name, got.current.count, got.reference.count]).toEqual([
            name,
            want.current.count,
            want.reference.count,
          ]);
          if (want.type !== 'numeric') {
            expect(Math.abs(got.statistic - want.statistic)).toBeLessThan(1e-9);
            continue;
          }
          expect(got.method).toBe('summary');
          // Each summarised side moves its empirical CDF by at most one quantile step (1/1000) plus one order
          // statistic (1/n: numpy's linear rule interpolates between neighbours).
          const ksBound = 2 / 1000 + 1 / want.reference.count + 1 / want.current.count;
          expect(Math.abs(got.statistic - want.statistic)).toBeLessThanOrEqual(ksBound);
          ksSeen.push([name, Math.abs(got.statistic - want.statistic), ksBound]);
          // Wasserstein between quantile functions: off by at most one quantile step of each side's range, in σ.
          const range = (s: NumericSummary) => s.quantiles.at(-1)! - s.quantiles[0]!;
          const r = ref.get(name) as NumericSummary;
          const bound = (range(r) + range(current.get(name) as NumericSummary)) / 1000 / r.std;
          expect(Math.abs(got.effect.value - want.effect.value)).toBeLessThanOrEqual(bound);
        }
      }
    });
});

describe('what an athena:// drift report refuses, with what to do', () => {
  it('needs the feature columns listed, and outcomes in Athena too', () => {
    expect(() => performanceSql(inputs({ ...tables, features: '' }), athenaDialect)).toThrow(
      /list the feature columns to compare in `features`/,
    );
    expect(() =>
      performanceSql(inputs({ ...common, ...tables, outcomes: files.outcomes }), athenaDialect),
    ).toThrow(/`outcomes` must be an athena:\/\/ table/);
  });

  it('a numeric feature holding text fails naming the feature and an example value', async () => {
    const athena = inputs({ ...common, ...tables, 'categorical-features': 'country' });
    const sql = featureSql(athena, duckdbDialect, 'reference', 0);
    const notNumeric = (await rows(sql)).filter((r) => r[1] === 'not-numeric');
    expect(notNumeric.map((r) => [r[0], Number(r[3]) > 0])).toEqual([
      ['age', false],
      ['tenure_days', false],
      ['basket_value', false],
      ['visits_30d', false],
      ['channel', true],
    ]);
  });
});

afterAll(() => {
  if (process.env.ATHENA_KS_REPORT) console.log(JSON.stringify(ksSeen));
});
