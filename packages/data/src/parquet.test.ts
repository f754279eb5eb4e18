import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { awsClients } from '@mlops-actions/aws';
import { compressors as readCompressors } from 'hyparquet-compressors';
import { type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import { useLocalS3 } from '../../../test/harness/s3.js';
import { readBatches, readSchema } from './read.js';
import type { ColumnRequest, ColumnType, NumberColumn, RecordBatch, StringColumn } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'parquet-'));
const rows = 2500;
const t0 = Date.parse('2026-11-01T00:00:00Z');

function columns(): ColumnSource[] {
  const score = new Float64Array(rows);
  const label = new Int32Array(rows);
  const ts: bigint[] = [];
  const device: (string | null)[] = [];
  const age: (number | null)[] = [];
  for (let i = 0; i < rows; i++) {
    score[i] = ((i * 7919) % 1000) / 1000;
    label[i] = i % 3 === 0 ? 1 : 0;
    ts.push(BigInt(t0 + i * 60_000) * 1000n); // microseconds
    device.push(i % 10 === 9 ? null : ['mobile', 'desktop', 'tablet'][i % 3]!);
    age.push(i % 7 === 0 ? null : 20 + (i % 50));
  }
  return [
    { name: 'id', data: Array.from({ length: rows }, (_, i) => `e${i}`) },
    { name: 'score', data: score },
    { name: 'label', data: label },
    // TIMESTAMP(MICROS, UTC) as Spark and pandas write it (schema below)
    { name: 'timestamp', data: ts },
    { name: 'device', data: device },
    { name: 'age', data: age },
  ];
}

function write(
  name: string,
  options: { rowGroupSize?: number; codec?: 'SNAPPY' | 'GZIP' | 'UNCOMPRESSED' } = {},
) {
  const cols = columns();
  const schema = [
    { name: 'root', num_children: cols.length },
    { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    { name: 'score', type: 'DOUBLE', repetition_type: 'REQUIRED' },
    { name: 'label', type: 'INT32', repetition_type: 'REQUIRED' },
    {
      name: 'timestamp',
      type: 'INT64',
      repetition_type: 'REQUIRED',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
    },
    { name: 'device', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    { name: 'age', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
  ] as never;
  const gzipCompressor = { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)) };
  const buffer = parquetWriteBuffer({
    columnData: cols,
    schema,
    rowGroupSize: options.rowGroupSize ?? 1000,
    codec: options.codec ?? 'SNAPPY',
    compressors: gzipCompressor,
  });
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(buffer));
  return path;
}

async function collect(
  source: string,
  columns: Record<string, ColumnType | ColumnRequest> | '*',
  extra = {},
) {
  const batches: RecordBatch[] = [];
  const requests = columns === '*' ? columns : new Map(Object.entries(columns));
  for await (const b of readBatches(source, { columns: requests, batchSize: 700, ...extra })) batches.push(b);
  return batches;
}

describe('Parquet sources', () => {
  it('streams requested columns row group by row group, typed as asked, with timestamps in epoch ms', async () => {
    const path = write('preds.parquet');
    const batches = await collect(path, {
      id: 'string',
      score: 'number',
      label: 'number',
      timestamp: 'timestamp',
    });
    // 3 row groups of 1000/1000/500 rows, cut into batches of at most 700 rows.
    expect(batches.map((b) => b.length)).toEqual([700, 300, 700, 300, 500]);
    expect(batches.map((b) => b.firstRecord)).toEqual([1, 701, 1001, 1701, 2001]);
    const all = (name: string) =>
      batches.flatMap((b) => Array.from((b.columns.get(name) as NumberColumn).values));
    expect(all('score').slice(0, 3)).toEqual([0, 0.919, 0.838]);
    expect(all('label').filter((v) => v === 1)).toHaveLength(834);
    expect(all('timestamp')[2499]).toBe(t0 + 2499 * 60_000);
    expect((batches[4]!.columns.get('id') as StringColumn).values.at(-1)).toBe('e2499');
  });

  it('joins a column that arrives in several chunks within one large row group (string pages)', async () => {
    const n = 120_000;
    const ids = Array.from({ length: n }, (_, i) => `event-${String(i).padStart(9, '0')}-${'x'.repeat(20)}`);
    const path = join(dir, 'large-group.parquet');
    writeFileSync(
      path,
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: 'id', data: ids },
            { name: 'score', data: new Float64Array(n).map((_, i) => i / n) },
          ],
          rowGroupSize: n,
        }),
      ),
    );
    const batches = await collect(
      path,
      { id: { type: 'string' }, score: { type: 'number' } },
      { batchSize: 50_000 },
    );
    expect(batches.map((b) => b.length)).toEqual([50_000, 50_000, 20_000]);
    const last = batches[2]!.columns.get('id') as { values: (string | null)[] };
    expect(last.values[19_999]).toBe(ids[n - 1]);
  });

  it('reports nulls as missing, never as zeros', async () => {
    const path = write('nulls.parquet', { codec: 'UNCOMPRESSED' });
    const [first] = await collect(path, { age: 'number', device: 'string' });
    const age = first!.columns.get('age') as NumberColumn;
    expect(Number.isNaN(age.values[0]!)).toBe(true);
    expect(age.missing![0]).toBe(1);
    expect(age.values[1]).toBe(21);
    expect((first!.columns.get('device') as StringColumn).values[9]).toBeNull();
  });

  it('reads gzip-compressed pages and discovers column types with "*"', async () => {
    const path = write('gzip.parquet', { codec: 'GZIP' });
    expect(await readSchema(path, {})).toEqual(['id', 'score', 'label', 'timestamp', 'device', 'age']);
    const [first] = await collect(path, '*');
    expect(first!.columns.get('score')!.kind).toBe('number');
    expect(first!.columns.get('device')!.kind).toBe('string');
    expect(readCompressors.GZIP).toBeTypeOf('function');
  });

  it('reads a gzip-wrapped .parquet.gz file', async () => {
    const path = write('wrapped.parquet');
    const { readFileSync } = await import('node:fs');
    writeFileSync(`${path}.gz`, gzipSync(readFileSync(path)));
    const batches = await collect(`${path}.gz`, { score: 'number' });
    expect(batches.reduce((n, b) => n + b.length, 0)).toBe(rows);
  });

  it('names the file and lists its columns when a requested column is missing', async () => {
    const path = write('missing.parquet');
    await expect(collect(path, { outcome: 'number' }, { inputName: 'predictions' })).rejects.toThrow(
      /Column "outcome" not found in .*missing\.parquet \(input "predictions"\)/,
    );
  });

  it('fails clearly on a file that is not Parquet', async () => {
    const path = join(dir, 'broken.parquet');
    writeFileSync(path, 'id,score\n1,0.5\n');
    await expect(collect(path, { score: 'number' })).rejects.toThrow(
      /broken\.parquet is not a readable Parquet file/,
    );
  });
});

describe('Parquet from S3 (ranged GETs against a real S3-protocol server)', () => {
  const server = useLocalS3(['lake']);
  beforeAll(async () => {
    const { readFileSync } = await import('node:fs');
    await awsClients.s3(process.env).send(
      new PutObjectCommand({
        Bucket: 'lake',
        Key: 'preds/part-0.parquet',
        Body: readFileSync(write('s3.parquet')),
      }),
    );
  });

  it('reads only the byte ranges it needs', async () => {
    server.requests.length = 0;
    const batches = await collect(
      's3://lake/preds/',
      { score: 'number' },
      { s3: awsClients.s3(process.env) },
    );
    expect(batches.reduce((n, b) => n + b.length, 0)).toBe(rows);
    const gets = server.requests.filter((r) => r.method === 'GET' && r.path.includes('part-0'));
    expect(gets.length).toBeGreaterThan(1);
    expect(gets.every((r) => /^bytes=\d+-\d+$/.test(r.range ?? ''))).toBe(true);
  });
});
