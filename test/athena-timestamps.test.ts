// Timestamps in athena:// tables follow the local reader's rule (core's parseTimestamp): the SQL both dialects write
// gives, on DuckDB, the epoch milliseconds the files path reads from the same cells (epoch seconds or milliseconds
// by magnitude, basic ISO dates, ISO 8601 text), and NULL where the local reader finds no time.
import { DuckDBInstance } from '@duckdb/node-api';
import { athenaDialect, duckdbDialect, parseTimestamp } from '@mlops-actions/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ATHENA_SHIMS } from './harness/athena-world.js';

const db = await (await DuckDBInstance.create(':memory:')).connect();
const cells = [
  '1700000000', // epoch seconds (below 1e11)
  '1700000000123', // epoch milliseconds
  '1700000000.5',
  '99999999999', // just under 1e11: still seconds
  '100000000000', // 1e11: milliseconds
  '-86400', // before 1970, seconds
  '20261113', // eight digits: a basic ISO date, not seconds of 1970
  '2026-11-07T13:20:45Z',
  '2026-11-07T13:20:45.250Z',
  '2026-11-07 13:20:45',
  '2026-11-07',
  ' 1700000000 ',
  'soon', // no time: NULL (counted as an unreadable timestamp)
  '20261340', // eight digits that are no date
];

beforeAll(async () => {
  await db.run("SET TimeZone = 'UTC'");
  for (const shim of ATHENA_SHIMS) await db.run(shim);
  const values = cells.map((c) => `('${c}')`).join(', ');
  await db.run(`CREATE TABLE cells AS SELECT * FROM (VALUES ${values}) AS t(ts)`);
});

describe('epoch-number and text timestamps in SQL', () => {
  for (const dialect of [duckdbDialect, athenaDialect]) {
    it(`${dialect.name}: every cell gives the epoch milliseconds the local reader gives`, async () => {
      const reader = await db.runAndReadAll(`SELECT ts, ${dialect.epochMs('"ts"')} AS ms FROM cells`);
      const got = new Map(reader.getRows().map(([ts, ms]) => [String(ts), ms === null ? null : Number(ms)]));
      for (const cell of cells) {
        const local = parseTimestamp(cell);
        expect([cell, got.get(cell)]).toEqual([cell, Number.isNaN(local) ? null : local]);
      }
    });
  }

  it('a timestamp-typed column (not text) reads as its instant', async () => {
    const reader = await db.runAndReadAll(
      `SELECT ${duckdbDialect.epochMs("TIMESTAMPTZ '2026-11-07 13:20:45+00'")}, ${athenaDialect.epochMs("TIMESTAMPTZ '2026-11-07 13:20:45+00'")}`,
    );
    expect(reader.getRows()[0]!.map(Number)).toEqual([
      Date.parse('2026-11-07T13:20:45Z'),
      Date.parse('2026-11-07T13:20:45Z'),
    ]);
  });
});
