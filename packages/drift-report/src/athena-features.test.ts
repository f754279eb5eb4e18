// Feature summaries for drift planned as SQL give what the local reader computes from the same file: the query runs
// on DuckDB over the drift example's reference (a table of text columns, as a CSV table in Glue), in both dialects.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  athenaDialect,
  duckdbDialect,
  featureSidesFromRows,
  type NumericSummary,
  type NumericValues,
  planFeatureSummaryQuery,
  summarizeNumeric,
} from '@mlops-actions/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ATHENA_SHIMS } from '../../../test/harness/athena-world.js';
import { loadReference } from './reference.js';

const dir = mkdtempSync(join(tmpdir(), 'drift-sql-'));
const numeric = ['age', 'tenure_days', 'basket_value', 'visits_30d'];
const categorical = ['channel', 'country'];
const db = await (await DuckDBInstance.create(':memory:')).connect();

beforeAll(async () => {
  execFileSync(process.execPath, [
    resolve(import.meta.dirname, '../../../examples/data/drift/generate.mjs'),
    dir,
  ]);
  await db.run('CREATE SCHEMA ml');
  await db.run(
    `CREATE VIEW ml.reference AS SELECT * FROM read_csv('${join(dir, 'reference.csv')}', header = true, all_varchar = true)`,
  );
  await db.run("SET TimeZone = 'UTC'");
  for (const shim of ATHENA_SHIMS) await db.run(shim);
});

describe('drift feature summaries as SQL', () => {
  for (const dialect of [duckdbDialect, athenaDialect]) {
    it(`${dialect.name}: counts, mean, σ and 1,001 quantiles per numeric feature, level counts per category`, async () => {
      const sql = planFeatureSummaryQuery({
        dialect,
        table: { database: 'ml', table: 'reference' },
        numeric,
        categorical,
      });
      const reader = await db.runAndReadAll(sql);
      const rows = reader.getRows().map((r) => r.map((v) => (v === null ? null : String(v))));
      const engine = featureSidesFromRows(rows);
      const local = await loadReference(
        {
          source: join(dir, 'reference.csv'),
          inputName: 'reference',
          format: 'auto',
          maxBadRecords: 0,
          onWarning: () => {},
        },
        [...numeric, ...categorical],
        new Set(categorical),
        1e7,
      );
      for (const name of numeric) {
        const expected = summarizeNumeric(local.sides.get(name) as NumericValues);
        const got = engine.get(name) as NumericSummary;
        expect([got.kind, got.count, got.missing]).toEqual([expected.kind, expected.count, expected.missing]);
        expect(got.mean).toBeCloseTo(expected.mean, 9);
        expect(got.std).toBeCloseTo(expected.std, 9);
        expect(got.quantiles).toHaveLength(1001);
        for (const [i, v] of got.quantiles.entries())
          expect(Math.abs(v - expected.quantiles[i]!)).toBeLessThan(1e-9);
      }
      for (const name of categorical) expect(engine.get(name)).toEqual(local.sides.get(name));
    });
  }

  it('reads only the window asked for (start exclusive, end inclusive) and the user’s partition filter', () => {
    const sql = planFeatureSummaryQuery({
      dialect: athenaDialect,
      table: { database: 'ml', table: 'predictions', where: "dt >= '2026-09-01'" },
      numeric: ['age'],
      categorical: [],
      window: { timestampColumn: 'timestamp', start: 1000, end: 2000 },
    });
    expect(sql).toMatch(
      /WHERE \(dt >= '2026-09-01'\) AND .*"timestamp".* > 1000 AND .*"timestamp".* <= 2000\)/,
    );
  });
});
