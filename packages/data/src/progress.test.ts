import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readBatches } from './read.js';

const dir = mkdtempSync(join(tmpdir(), 'read-progress-'));

async function progressOf(source: string | string[]) {
  const calls: [number, number][] = [];
  let rows = 0;
  for await (const batch of readBatches(source, {
    columns: '*',
    onProgress: (done, total) => calls.push([done, total]),
  }))
    rows += batch.length;
  return { calls, rows };
}

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
});
