import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { readBatches } from '@mlops-actions/data';
import { describe, expect, it } from 'vitest';
import { cdcLiveRowsSql } from '../packages/core/src/sql/cdc.js';
import { repoRoot } from './harness/runner.js';

// The SQL resolution of DMS output (core/sql/cdc.ts) run for real on DuckDB over the committed fixtures, against the
// local resolver (data/cdc.ts) on the same files: the same live rows, with and without an as-of.
const fixtures = join(repoRoot, 'test/fixtures/live-tables');
const AS_OF = Date.parse('2026-12-01T11:30:00Z');

async function local(dir: string, asOf?: number): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of readBatches(join(fixtures, dir), {
    columns: new Map(Object.entries({ id: 'string', label: 'number' })),
    cdc: { key: ['id'], timestampColumn: 'updated_at', asOf },
  }))
    for (let i = 0; i < batch.length; i++)
      out.push([batch.columns.get('id')!.values[i] as string, String(batch.columns.get('label')!.values[i])]);
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

async function duckdb(sql: string): Promise<string[][]> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  const rows = (await connection.runAndReadAll(`SELECT * FROM (${sql}) ORDER BY 1`)).getRows();
  connection.closeSync();
  return rows.map((r) => r.map((v) => String(v)));
}

const relations = {
  csv: `read_csv('${fixtures}/dms-labels/*.csv', filename = true, union_by_name = true, types = {'id': 'VARCHAR', 'label': 'INTEGER'})`,
  parquet: `read_parquet('${fixtures}/dms-labels-parquet/*.parquet', filename = true, file_row_number = true, union_by_name = true)`,
};

describe('DMS live rows as SQL (executed on DuckDB) = the local resolver', () => {
  for (const [format, from] of Object.entries(relations)) {
    const dir = format === 'csv' ? 'dms-labels' : 'dms-labels-parquet';
    const query = {
      engine: 'duckdb' as const,
      from,
      columns: ['id', 'label'],
      key: ['id'],
      timestampColumn: 'updated_at',
      rowNumberColumn: format === 'parquet' ? 'file_row_number' : undefined,
    };

    it(`${format}: the latest change per key, deletes dropped, out-of-order files by commit time`, async () => {
      const expected = await local(dir);
      expect(expected).toHaveLength(28);
      expect(await duckdb(cdcLiveRowsSql(query))).toEqual(expected);
    });

    it(`${format}: as of a time`, async () => {
      const expected = await local(dir, AS_OF);
      expect(expected.map((r) => r[0])).toContain('ghost-2');
      expect(await duckdb(cdcLiveRowsSql({ ...query, asOf: AS_OF }))).toEqual(expected);
    });
  }

  it('for Athena: the $path pseudo-column and regexp_like, identifiers quoted', () => {
    const sql = cdcLiveRowsSql({
      engine: 'athena',
      from: '"dms"."labels"',
      columns: ['id', 'la"bel'],
      key: ['id'],
      timestampColumn: 'updated_at',
      asOf: AS_OF,
    });
    expect(sql).toContain(`regexp_like("$path", '(^|/)LOAD[0-9A-F_]+\\.[^/]*$')`);
    expect(sql).toContain(`"la""bel"`);
    expect(sql).toContain(`<= TIMESTAMP '2026-12-01 11:30:00.000'`);
    expect(() =>
      cdcLiveRowsSql({ engine: 'athena', from: 't', columns: ['id'], key: ['id'], asOf: 1 }),
    ).toThrow('cdc-as-of needs cdc-timestamp-column');
  });
});
