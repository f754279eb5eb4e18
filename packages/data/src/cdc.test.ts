import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { awsClients } from '@mlops-actions/aws';
import { beforeAll, describe, expect, it } from 'vitest';
import { useLocalS3 } from '../../../test/harness/s3.js';
import { readBatches, readSchema } from './read.js';
import type { ReadOptions } from './types.js';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/live-tables');
const AS_OF = Date.parse('2026-12-01T11:30:00Z'); // dms.mjs: between the T2 and T3 changes

/** Every row of a source as [column values...] sorted by the first column, with the batches' record positions. */
async function rows(
  source: string,
  options: Omit<ReadOptions, 'columns'> & { columns?: ReadOptions['columns'] },
) {
  const out: unknown[][] = [];
  const where: string[] = [];
  for await (const batch of readBatches(source, {
    columns: new Map(Object.entries({ id: 'string', label: 'number' })),
    ...options,
  })) {
    const names = [...batch.columns.keys()];
    for (let i = 0; i < batch.length; i++) {
      out.push(names.map((n) => batch.columns.get(n)!.values[i]));
      where.push(`${batch.source}:${batch.firstRecord + i}`);
    }
  }
  return { rows: out.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)), where };
}

const cdc = { key: ['id'], timestampColumn: 'updated_at' };

describe('DMS full load + CDC resolved to live rows', () => {
  it('applies inserts, updates and deletes by commit time across out-of-order files (CSV and Parquet output)', async () => {
    const expected = (await rows(join(fixtures, 'dms-labels.live.csv'), {})).rows;
    expect(expected).toHaveLength(28);
    for (const dir of ['dms-labels', 'dms-labels-parquet']) {
      const live = await rows(join(fixtures, dir), { cdc });
      expect(live.rows).toEqual(expected);
    }
  });

  it('as of a time: later changes are ignored (a key deleted after it is still live, one inserted after is not)', async () => {
    const expected = (await rows(join(fixtures, 'dms-labels.as-of.csv'), {})).rows;
    const live = await rows(join(fixtures, 'dms-labels'), { cdc: { ...cdc, asOf: AS_OF } });
    expect(live.rows).toEqual(expected);
    expect(live.rows.map((r) => r[0])).toContain('ghost-2');
    expect(live.rows.map((r) => r[0])).not.toContain('e04');
  });

  it('without the cdc option the same folder is read as plain files (every change row)', async () => {
    const all = await rows(join(fixtures, 'dms-labels'), {});
    expect(all.rows.length).toBeGreaterThan(40);
  });

  it('with the cdc option, a folder DMS did not write (date-named exports, no LOAD file) is read as it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'not-dms-'));
    writeFileSync(join(dir, '20260101-120000.csv'), 'id,label\na,0\n');
    writeFileSync(join(dir, '20260102-120000.csv'), 'id,label\na,1\n');
    const all = await rows(dir, { cdc: { key: ['id'] } });
    expect(all.rows).toEqual([
      ['a', 0],
      ['a', 1],
    ]);
  });

  it('each live row keeps the file and record it came from (for error messages)', async () => {
    const live = await rows(join(fixtures, 'dms-labels'), { cdc });
    // e01 was loaded wrong and corrected at T1 (dms.mjs case 1): line 2 of the T1 change file holds its fix.
    const text = readFileSync(join(fixtures, 'dms-labels/20261201-1000000000.csv'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes(',e01,')) + 1;
    const at = live.rows.findIndex((r) => r[0] === 'e01');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(live.where).toContain(`${join(fixtures, 'dms-labels/20261201-1000000000.csv')}:${line}`);
  });

  it('a composite key: one live row per (customer, order)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dms-composite-'));
    writeFileSync(
      join(dir, 'LOAD00000001.csv'),
      'ts,customer,order,amount\n2026-01-01,a,1,10\n2026-01-01,a,2,20\n',
    );
    writeFileSync(
      join(dir, '20260102-0000000000.csv'),
      'Op,ts,customer,order,amount\nU,2026-01-02,a,1,11\nI,2026-01-02,b,1,5\nD,2026-01-02,a,2,20\n',
    );
    const live = await rows(dir, {
      columns: new Map(Object.entries({ customer: 'string', order: 'number', amount: 'number' })),
      cdc: { key: ['customer', 'order'], timestampColumn: 'ts' },
    });
    expect(live.rows).toEqual([
      ['a', 1, 11],
      ['b', 1, 5],
    ]);
    expect(await readSchema(dir, { cdc: { key: ['customer', 'order'] } })).toEqual([
      'ts',
      'customer',
      'order',
      'amount',
    ]);
  });

  it('without a timestamp column, changes apply in file and row order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dms-order-'));
    writeFileSync(join(dir, 'LOAD00000001.csv'), 'id,label\na,0\nb,0\n');
    writeFileSync(join(dir, '20260101-0000000000.csv'), 'Op,id,label\nU,a,1\nU,a,0\nD,b,0\n');
    writeFileSync(join(dir, '20260102-0000000000.csv'), 'Op,id,label\nU,a,1\n');
    const live = await rows(dir, { cdc: { key: ['id'] } });
    expect(live.rows).toEqual([['a', 1]]);
  });

  it('knows full-load files by their hexadecimal counter (LOAD0000000A) and parallel-load names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dms-hex-'));
    writeFileSync(join(dir, 'LOAD00000009.csv'), 'id,label\na,0\n');
    writeFileSync(join(dir, 'LOAD0000000A.csv'), 'id,label\nb,0\n');
    writeFileSync(join(dir, 'LOAD_1_00000001.csv'), 'id,label\nc,0\n');
    // Without a time, file order decides: every full-load file before the change file.
    writeFileSync(join(dir, '20260101-0000000000.csv'), 'Op,id,label\nU,a,1\nU,b,1\nU,c,1\n');
    const live = await rows(dir, { cdc: { key: ['id'] } });
    expect(live.rows).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
  });

  it('names the file, line and value of an unknown operation and of an empty key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dms-bad-'));
    cpSync(join(fixtures, 'dms-labels/LOAD00000001.csv'), join(dir, 'LOAD00000001.csv'));
    writeFileSync(
      join(dir, '20261201-1000000000.csv'),
      'Op,updated_at,id,label\nX,2026-12-01 10:00:00,e01,1\n',
    );
    await expect(rows(dir, { cdc })).rejects.toThrow(
      `${join(dir, '20261201-1000000000.csv')}, record 2: column "Op" is "X"; DMS change rows are I (insert), U (update) or D (delete).`,
    );
    writeFileSync(join(dir, '20261201-1000000000.csv'), 'Op,updated_at,id,label\nU,2026-12-01 10:00:00,,1\n');
    await expect(rows(dir, { cdc })).rejects.toThrow('record 2: the cdc-key column "id" is empty.');
    writeFileSync(join(dir, '20261201-1000000000.csv'), 'Op,updated_at,id,label\nU,,e01,1\n');
    await expect(rows(dir, { cdc })).rejects.toThrow(
      'record 2: the change has no time (column "updated_at" is empty).',
    );
  });
});

describe('DMS output on S3 (real S3 protocol on loopback)', () => {
  useLocalS3(['dms']);
  beforeAll(async () => {
    const s3 = awsClients.s3(process.env);
    for (const name of readdirSync(join(fixtures, 'dms-labels-parquet')))
      await s3.send(
        new PutObjectCommand({
          Bucket: 'dms',
          Key: `replication/public/labels/${name}`,
          Body: readFileSync(join(fixtures, 'dms-labels-parquet', name)),
        }),
      );
  });

  it('resolves the same live rows from an s3:// prefix', async () => {
    const expected = (await rows(join(fixtures, 'dms-labels.live.csv'), {})).rows;
    const live = await rows('s3://dms/replication/public/labels/', { cdc, s3: awsClients.s3(process.env) });
    expect(live.rows).toEqual(expected);
  });
});
