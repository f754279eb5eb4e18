import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { readBatches } from './read.js';
import type { ReadOptions } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'read-progress-'));
const liveTables = join(import.meta.dirname, '../../../test/fixtures/live-tables');

async function progressOf(source: string | string[], options: Partial<ReadOptions> = {}) {
  const calls: [number, number][] = [];
  const sources = new Set<string>();
  let rows = 0;
  for await (const batch of readBatches(source, {
    columns: '*',
    onProgress: (done, total) => calls.push([done, total]),
    ...options,
  })) {
    rows += batch.length;
    sources.add(batch.source);
  }
  return { calls, rows, sources };
}

const increasing = (calls: [number, number][]) => calls.every((c, i) => i === 0 || c[0] > calls[i - 1]![0]);
const sizeOf = (paths: Iterable<string>) => [...paths].reduce((n, p) => n + statSync(p).size, 0);

describe('byte progress while reading', () => {
  const text = `a,b\n${Array.from({ length: 300_000 }, (_, i) => `${i},${i % 7}`).join('\n')}\n`;
  const csv = join(dir, 'big.csv');
  writeFileSync(csv, text);

  it('reports bytes read of the file size, ending at the size, without changing what is read', async () => {
    const { calls, rows } = await progressOf(csv);
    expect(rows).toBe(300_000);
    const size = Buffer.byteLength(text);
    expect(calls.length).toBeGreaterThan(1); // chunk by chunk, not once at the end
    expect(calls.every(([, total]) => total === size)).toBe(true);
    expect(calls.at(-1)).toEqual([size, size]);
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThan(calls[i - 1]![0]);
  });

  it('counts compressed bytes of a .gz against its stored size, and sums several files', async () => {
    const gz = join(dir, 'big.csv.gz');
    const packed = gzipSync(text);
    writeFileSync(gz, packed);
    const { calls } = await progressOf([csv, gz]);
    const total = Buffer.byteLength(text) + packed.length;
    expect(calls.at(-1)).toEqual([total, total]);
  });

  it('Parquet: counts the byte ranges fetched row group by row group, and the columns a projection skipped at the end', async () => {
    const n = 200_000;
    const path = join(dir, 'wide.parquet');
    writeFileSync(
      path,
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: 'score', data: new Float64Array(n).map((_, i) => (i % 1000) / 1000) },
            { name: 'a', data: new Float64Array(n).map((_, i) => i * 1.5) },
            { name: 'b', data: new Float64Array(n).map((_, i) => i * 2.5) },
          ],
          rowGroupSize: 20_000,
          codec: 'UNCOMPRESSED',
        }),
      ),
    );
    const size = statSync(path).size;
    const { calls, rows } = await progressOf(path, { columns: new Map([['score', 'number']]) });
    expect(rows).toBe(n);
    expect(calls.length).toBeGreaterThan(10); // per row group, not once at the end
    expect(increasing(calls)).toBe(true);
    expect(calls.every(([, total]) => total === size)).toBe(true);
    // One column of three read: about a third of the bytes before the file closes, then all of them.
    expect(calls.at(-2)![0]).toBeLessThan(size / 2);
    expect(calls.at(-1)).toEqual([size, size]);
  });

  it('Delta: the live data files’ sizes from the log are the total from the first report, read to the end', async () => {
    const table = join(liveTables, 'delta-events');
    const { calls, sources } = await progressOf(table);
    const total = sizeOf(sources);
    expect(sources.size).toBeGreaterThan(1);
    expect(calls[0]![1]).toBe(total);
    expect(calls.every(([, t]) => t === total)).toBe(true);
    expect(increasing(calls)).toBe(true);
    expect(calls.at(-1)).toEqual([total, total]);
  });

  it('DMS output (CSV and Parquet): the sum over its files, each byte once though the columns are read first', async () => {
    for (const name of ['dms-labels', 'dms-labels-parquet']) {
      const folder = join(liveTables, name);
      const total = sizeOf(readdirSync(folder).map((f) => join(folder, f)));
      const { calls } = await progressOf(folder, { cdc: { key: ['id'], timestampColumn: 'updated_at' } });
      expect(increasing(calls), name).toBe(true);
      expect(calls.every(([, t]) => t === total)).toBe(true);
      expect(calls.at(-1), name).toEqual([total, total]);
    }
  });
});
