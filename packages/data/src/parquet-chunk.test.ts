import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { seededRandom } from '@mlops-actions/core';
import { type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { readParquetObject } from './parquet.js';
import { type ChunkTask, decodeChunk } from './parquet-chunk.js';
import type { ColumnRequest, NumberColumn, RecordBatch, StringColumn } from './types.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const variants = ['v1-snappy', 'v2-zstd', 'v1-gzip-plain', 'v2-none-small-pages'];

/** Both paths' batches, and how many chunks the typed decoder took. */
async function bothPaths(path: string, requests: Record<string, ColumnRequest>, batchSize: number) {
  const object = { kind: 'file' as const, path, name: path };
  const requested = new Map(Object.entries(requests));
  const options = { columns: requested, batchSize };
  let decoded = 0;
  const counting = async (task: ChunkTask) => {
    const columns = await decodeChunk(task);
    if (columns) decoded++;
    return columns;
  };
  const run = async (decode: typeof decodeChunk) => {
    const batches: RecordBatch[] = [];
    try {
      for await (const b of readParquetObject(object, requested, options, undefined, decode)) batches.push(b);
    } catch (error) {
      return { error: (error as Error).message };
    }
    return { batches };
  };
  const fast = await run(counting);
  const text = await run(async () => undefined);
  return { fast, text, decoded };
}

const typed: Record<string, ColumnRequest> = {
  id: { type: 'string' },
  big: { type: 'string' },
  small: { type: 'number' },
  score: { type: 'number' },
  f32: { type: 'auto' },
  label: { type: 'number' },
  device: { type: 'string' },
  amount: { type: 'number' },
  when_text: { type: 'timestamp' },
  ts_ms: { type: 'timestamp' },
  ts_us: { type: 'timestamp' },
  ts_ns: { type: 'timestamp' },
};

describe('Parquet column chunks decoded into typed columns', () => {
  for (const variant of variants) {
    it(`gives the same batches as the hyparquet path on pyarrow's ${variant} file`, async () => {
      const path = join(fixtures, `pyarrow-${variant}.parquet`);
      for (const batchSize of [256, 700, 5000]) {
        const { fast, text, decoded } = await bothPaths(path, typed, batchSize);
        expect(fast).toEqual(text);
        // 3 row groups × the 10 typed columns it decodes (label is BOOLEAN and big a text INT64: hyparquet's).
        expect(decoded).toBe(30);
        const auto = await bothPaths(
          path,
          Object.fromEntries(Object.keys(typed).map((k) => [k, { type: 'auto' }])),
          batchSize,
        );
        expect(auto.fast).toEqual(auto.text);
      }
    });
  }

  it('decodes the values pyarrow wrote: nulls as missing, INT64 ids beyond 2^53 with every digit, timestamps in ms', async () => {
    const { fast } = await bothPaths(join(fixtures, 'pyarrow-v1-snappy.parquet'), typed, 5000);
    const batch = fast.batches![1]!; // the second row group: rows 700…1399
    const at = (i: number) => i - 700;
    const t0 = Date.parse('2026-11-01T00:00:00Z');
    const big = batch.columns.get('big') as StringColumn;
    expect(big.values[at(701)]).toBe(String(9_007_199_254_740_993n + 2n * 701n));
    const score = batch.columns.get('score') as NumberColumn;
    expect(score.values[at(705)]).toBe(((705 * 7919) % 1000) / 1000);
    expect(score.missing?.[at(704)]).toBe(1); // 704 = 11 × 64
    expect(Number.isNaN(score.values[at(704)])).toBe(true);
    const tsUs = batch.columns.get('ts_us') as NumberColumn;
    expect(tsUs.values[at(701)]).toBe(t0 + 701 * 61_000);
    expect(tsUs.missing?.[at(714)]).toBe(1); // 714 = 17 × 42
    expect((batch.columns.get('ts_ns') as NumberColumn).values[at(702)]).toBe(
      Number(BigInt(t0 + 702_000) * 1_000_000n + 702n * 123_457n) / 1e6,
    );
    expect((batch.columns.get('when_text') as NumberColumn).values[at(700)]).toBe(
      Date.parse('2026-11-01T04:40:00Z'),
    );
    const device = batch.columns.get('device') as StringColumn;
    expect([device.values[at(703)], device.values[at(709)]]).toEqual(['ünïcode', null]);
    expect((batch.columns.get('amount') as NumberColumn).values[at(701)]).toBe(((701 * 37) % 1000) + 0.01);
  });

  it('words a bad cell exactly as the hyparquet path does', async () => {
    const path = join(fixtures, 'pyarrow-v2-zstd.parquet');
    const { fast, text } = await bothPaths(path, { device: { type: 'number' } }, 700);
    expect(fast.error).toMatch(/line 1, column "device": "mobile" is not a number/);
    expect(fast).toEqual(text);
  });

  it('agrees with the hyparquet path on random files (nulls, dictionaries, pages, codecs, row groups)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parquet-chunk-'));
    const random = seededRandom(21);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    for (let round = 0; round < 30; round++) {
      const rows = 1 + Math.floor(random() * 3000);
      const nulls = random() < 0.5 ? 0 : random() * 0.3;
      const levels = 1 + Math.floor(random() * (random() < 0.5 ? 5 : 5000));
      const maybe = <T>(v: T) => (random() < nulls ? null : v);
      const cols: ColumnSource[] = [
        { name: 'cat', data: Array.from({ length: rows }, () => maybe(`c${Math.floor(random() * levels)}`)) },
        { name: 'num', data: Array.from({ length: rows }, () => maybe(Math.round(random() * 1e6) / 1e3)) },
        {
          name: 'numtext',
          data: Array.from({ length: rows }, () => maybe(pick(['1.5', '-2', '3e2', ' 4 ', '', '0.1']))),
        },
        {
          name: 'when',
          data: Array.from({ length: rows }, () =>
            maybe(new Date(1.7e12 + Math.floor(random() * 1e10)).toISOString()),
          ),
        },
      ];
      const path = join(dir, `r${round}.parquet`);
      const codec = pick(['SNAPPY', 'GZIP', 'UNCOMPRESSED'] as const);
      const buffer = parquetWriteBuffer({
        columnData: cols,
        rowGroupSize: 1 + Math.floor(random() * 2000),
        pageSize: pick([256, 4096, 1 << 20]),
        codec,
        compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)) },
      });
      writeFileSync(path, new Uint8Array(buffer));
      const requests: Record<string, ColumnRequest> = {
        cat: { type: pick(['string', 'auto'] as const) },
        num: { type: pick(['number', 'auto'] as const) },
        numtext: { type: pick(['number', 'auto', 'string'] as const) },
        when: { type: pick(['timestamp', 'string'] as const) },
      };
      const batchSize = pick([1, 7, 100, 65_536]);
      const { fast, text, decoded } = await bothPaths(path, requests, batchSize);
      expect(fast, `round ${round}`).toEqual(text);
      expect(decoded).toBeGreaterThan(0);
    }
  });
});
