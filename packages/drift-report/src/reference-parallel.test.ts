import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoadOptions } from './load.js';
import { loadReference } from './reference.js';
import { loadReferenceSides } from './reference-accumulator.js';

// A reference file cut into byte ranges (MLOPS_REFERENCE_RANGE_BYTES set small) gives what one stream gives:
// category and missing counts and exactly held values equal, sketched quantiles within the sketch's rank bound.
const dir = mkdtempSync(join(tmpdir(), 'reference-ranges-'));
const FEATURES = ['amount', 'channel', 'tenure', 'note'];
const CATEGORICAL = new Set(['channel', 'note']);

/** A CSV of `rows` rows; notes are quoted, some spanning lines (so some cuts fall inside a quoted field). */
function write(name: string, rows: number, cell: (i: number) => string[] = defaultRow): string {
  const lines = [FEATURES.join(',')];
  for (let i = 0; i < rows; i++) lines.push(cell(i).join(','));
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Row i: a note quoted over a few lines now and then, and at row 30,000 over 200 KB of lines (several ranges). */
function defaultRow(i: number): string[] {
  const lines = i === 30_000 ? 20_000 : i % 301 === 0 ? i % 5 : -1;
  const note =
    lines >= 0
      ? `"line one\n${'text, 9\n'.repeat(lines)}line ""${i % 4}"""`
      : i % 7 === 0
        ? ''
        : `n${i % 13}`;
  const amount = String(((i * 7919) % 100_003) / 100);
  return [amount, ['web', 'app', 'store', ''][i % 4]!, i % 97 === 0 ? '' : String(i % 365), note];
}

const options = (source: string): LoadOptions => ({
  source,
  inputName: 'reference',
  format: 'auto',
  maxBadRecords: 0,
  onWarning: () => {},
});

async function oneStream(source: string, budget: number) {
  const columns = await loadReferenceSides(options(source), FEATURES, CATEGORICAL, budget);
  return new Map(columns.map((c) => [c.name, c.side()]));
}

const saved = { ...process.env };
beforeEach(() => {
  process.env.MLOPS_REFERENCE_RANGE_BYTES = '65536';
});
afterEach(() => {
  process.env = { ...saved };
});

describe('a reference file read in byte ranges', () => {
  const source = write('reference.csv', 60_000);

  it('equals one stream exactly while the values fit the limit, on one thread or two', async () => {
    const whole = await oneStream(source, 1e9);
    for (const threads of ['1', '2']) {
      process.env.MLOPS_WORKER_THREADS = threads;
      const ranged = await loadReference(options(source), FEATURES, CATEGORICAL, 1e9);
      expect(ranged.sketched).toEqual([]);
      expect(ranged.sides).toEqual(whole);
    }
    expect(whole.get('note')).toMatchObject({ kind: 'categorical' });
  });
});

describe('a reference file read in byte ranges, past the limit or with bad records', () => {
  const source = write('reference-sketched.csv', 60_000);

  it('gives the one stream counts and missing counts exactly, and quantiles within the sketch bound', async () => {
    const budget = 4 * 1000; // 1000 values a feature: amount and tenure go into sketches
    const whole = await oneStream(source, budget);
    const ranged = await loadReference(options(source), FEATURES, CATEGORICAL, budget);
    expect(ranged.sketched).toEqual(['amount', 'tenure']);
    for (const name of ['channel', 'note']) expect(ranged.sides.get(name)).toEqual(whole.get(name));
    const values = new Map<string, number[]>([
      ['amount', []],
      ['tenure', []],
    ]);
    for (let i = 0; i < 60_000; i++) {
      const [amount, , tenure] = defaultRow(i);
      values.get('amount')!.push(Number(amount));
      if (tenure) values.get('tenure')!.push(Number(tenure));
    }
    for (const [name, list] of values) {
      const side = ranged.sides.get(name)!;
      const one = whole.get(name)!;
      if (side.kind !== 'numeric-summary' || one.kind !== 'numeric-summary')
        throw new Error(`${name}: not sketched`);
      expect([side.count, side.missing]).toEqual([one.count, one.missing]);
      expect(side.mean).toBeCloseTo(one.mean, 9);
      expect(side.std).toBeCloseTo(one.std, 9);
      const sorted = Float64Array.from(list).sort();
      const n = sorted.length;
      // QuantileSketch's documented worst case: levels·n/k ranks, levels = ⌈log2(n/k)⌉ + 1 (k = 16384); one more
      // rank for the interpolation between neighbours.
      const bound = (Math.max(0, Math.ceil(Math.log2(n / 16384))) + 1) / 16384 + 1 / n;
      side.quantiles.forEach((v, i) => {
        const q = i / (side.quantiles.length - 1);
        let below = 0;
        while (below < n && sorted[below]! < v) below++;
        let upTo = below;
        while (upTo < n && sorted[upTo] === v) upTo++;
        const rank = Math.min(Math.max(q * (n - 1), below - 1), upTo) / (n - 1);
        expect(Math.abs(rank - q)).toBeLessThanOrEqual(bound);
      });
    }
  });

  it('names the file and line of a bad record in a late range as one stream does', async () => {
    const bad = write('reference-bad.csv', 60_000, (i) => (i === 20_000 ? ['1', 'web', '2'] : defaultRow(i)));
    const whole = await oneStream(bad, 1e9).catch((e: Error) => e.message);
    for (const threads of ['1', '2']) {
      process.env.MLOPS_WORKER_THREADS = threads;
      const ranged = await loadReference(options(bad), FEATURES, CATEGORICAL, 1e9).catch(
        (e: Error) => e.message,
      );
      expect(ranged).toEqual(whole);
    }
    expect(whole).toMatch(/reference-bad\.csv, line 20\d\d\d: expected 4 fields like the header, found 3/);
  });

  it('reads a column of numbers with text in some ranges as one stream counts it', async () => {
    const mixed = write('reference-mixed.csv', 60_000, (i) => {
      const row = defaultRow(i);
      if (i >= 40_000 && i < 40_010) row[2] = 'n/a';
      return row;
    });
    const whole = await oneStream(mixed, 1e9);
    const ranged = await loadReference(options(mixed), FEATURES, CATEGORICAL, 1e9);
    expect(whole.get('tenure')).toMatchObject({ kind: 'categorical' });
    expect(ranged.sides).toEqual(whole);
  });
});
