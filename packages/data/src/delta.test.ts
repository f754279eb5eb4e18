import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { awsClients } from '@mlops-actions/aws';
import { beforeAll, describe, expect, it } from 'vitest';
import { useLocalS3 } from '../../../test/harness/s3.js';
import { readBatches, readSchema } from './read.js';
import type { ReadOptions } from './types.js';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/live-tables');
const table = join(fixtures, 'delta-events');
const columns: ReadOptions['columns'] = new Map(
  Object.entries({
    id: 'string',
    timestamp: 'timestamp',
    score: 'number',
    region: 'string',
    channel: { type: 'string', optional: true },
  }),
);

/** Rows of a source as strings (timestamps ISO), sorted by id: the form of the expected CSVs. */
async function rows(source: string, options: Partial<ReadOptions> = {}): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of readBatches(source, { columns, ...options })) {
    for (let i = 0; i < batch.length; i++) {
      const c = batch.columns;
      out.push([
        c.get('id')!.values[i] as string,
        new Date(c.get('timestamp')!.values[i] as number).toISOString(),
        String(c.get('score')!.values[i]),
        (c.get('region')!.values[i] as string | null) ?? '',
        (c.get('channel')?.values[i] as string | null) ?? '',
      ]);
    }
  }
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

async function expected(version: number): Promise<string[][]> {
  const text = readFileSync(join(fixtures, `delta-events.v${version}.csv`), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
}

describe('Delta Lake tables', () => {
  it('reads the latest version: removed files skipped, partition values as columns, a later column null in older files', async () => {
    const latest = await rows(table);
    expect(latest).toEqual(await expected(4));
    expect(latest.some((r) => r[3] === '')).toBe(true); // the null partition
    expect(latest.filter((r) => r[4] === 'web')).toHaveLength(6);
  });

  it('reads a given version with path@vN, through the checkpoint or the JSON commits', async () => {
    for (const v of [0, 1, 2, 3, 4]) expect(await rows(`${table}@v${v}`)).toEqual(await expected(v));
    // The us-west file (URL-encoded path) is live until version 4 deletes it.
    expect((await rows(`${table}@v3`)).some((r) => r[3] === 'us west')).toBe(true);
  });

  it('rebuilds the table from its checkpoint when older commits were cleaned up', async () => {
    expect(await rows(join(fixtures, 'delta-compacted'))).toEqual(await expected(4));
    expect(await rows(`${join(fixtures, 'delta-compacted')}@v2`)).toEqual(await expected(2));
    await expect(rows(`${join(fixtures, 'delta-compacted')}@v1`)).rejects.toThrow(
      'commit 0 of the Delta log is missing, so version 1 cannot be rebuilt (and no checkpoint precedes it).',
    );
  });

  it('lists the table schema as its columns, and names the table when a column is missing', async () => {
    expect(await readSchema(table, {})).toEqual(['id', 'timestamp', 'score', 'region', 'channel']);
    expect(await readSchema(`${table}@v1`, {})).toEqual(['id', 'timestamp', 'score', 'region']);
    await expect(
      rows(table, {
        columns: new Map(Object.entries({ id: 'string', price: 'number' })),
        inputName: 'predictions',
      }),
    ).rejects.toThrow(`Column "price" not found in ${table} (Delta version 4) (input "predictions").`);
  });

  it('refuses versions past the latest, @v on plain folders, deletion vectors and column mapping', async () => {
    await expect(rows(`${table}@v9`)).rejects.toThrow("the Delta table's latest version is 4.");
    await expect(rows(`${join(fixtures, 'dms-labels')}@v1`)).rejects.toThrow('has no _delta_log folder');
    const copy = mkdtempSync(join(tmpdir(), 'delta-'));
    cpSync(table, copy, { recursive: true });
    rmSync(join(copy, '_delta_log/_last_checkpoint'));
    const add = (extra: object) =>
      `${JSON.stringify({ add: { path: 'region=eu/part-00002-c.snappy.parquet', partitionValues: { region: 'eu' }, ...extra } })}\n`;
    writeFileSync(
      join(copy, '_delta_log/00000000000000000005.json'),
      add({ deletionVector: { storageType: 'u' } }),
    );
    await expect(rows(copy)).rejects.toThrow('has a deletion vector, which this reader cannot apply.');
    writeFileSync(
      join(copy, '_delta_log/00000000000000000005.json'),
      `${JSON.stringify({ metaData: { schemaString: '{"fields":[]}', partitionColumns: [], configuration: { 'delta.columnMapping.mode': 'name' } } })}\n`,
    );
    await expect(rows(copy)).rejects.toThrow(
      'uses Delta features this reader does not support: columnMapping (mode name).',
    );
  });
});

describe('Delta Lake tables on S3 (real S3 protocol on loopback)', () => {
  useLocalS3(['lake']);
  beforeAll(async () => {
    const s3 = awsClients.s3(process.env);
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
      );
    for (const file of walk(table))
      await s3.send(
        new PutObjectCommand({
          Bucket: 'lake',
          Key: `tables/events/${relative(table, file)}`,
          Body: readFileSync(file),
        }),
      );
  });

  it('reads the same rows from s3:// as from the local copy, at the latest and at a given version', async () => {
    const s3 = awsClients.s3(process.env);
    expect(await rows('s3://lake/tables/events', { s3 })).toEqual(await expected(4));
    expect(await rows('s3://lake/tables/events/@v1', { s3 })).toEqual(await expected(1));
  });
});
