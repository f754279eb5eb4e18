import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTimestampCell } from './cells.js';
import { readBatches, readSchema } from './read.js';
import type { ColumnRequest, ColumnType, RecordBatch } from './types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlops-data-'));
});

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

async function readAll(
  source: string | string[],
  columns: Record<string, ColumnType | ColumnRequest> | '*',
  batchSize?: number,
) {
  const batches: RecordBatch[] = [];
  const requests = columns === '*' ? columns : new Map(Object.entries(columns));
  for await (const b of readBatches(source, { columns: requests, batchSize, inputName: 'challenger' }))
    batches.push(b);
  return batches;
}

describe('CSV', () => {
  it('reads a header-less file with the column names given, counting lines from 1', async () => {
    const path = file('noheader.csv.out', '1,2026-01-01T00:00:00Z,0.5\n2,2026-01-02T00:00:00Z,x\n');
    const read = async (header: string[]) => {
      const batches: RecordBatch[] = [];
      for await (const b of readBatches(path, {
        columns: new Map([
          ['id', 'string'],
          ['score', 'number'],
        ]),
        header,
        format: 'csv',
      }))
        batches.push(b);
      return batches;
    };
    await expect(read(['id', 'timestamp', 'score'])).rejects.toThrow(
      /noheader\.csv\.out, line 2.*"score".*"x"/,
    );
    await expect(read(['id', 'id', 'score'])).rejects.toThrow(
      'the column names given for this header-less file name the column "id" twice',
    );
    const ok = file('noheader2.csv', '1,2026-01-01T00:00:00Z,0.5\n2,2026-01-02T00:00:00Z,0.25\n');
    const batches: RecordBatch[] = [];
    for await (const b of readBatches(ok, {
      columns: new Map([
        ['id', 'string'],
        ['score', 'number'],
      ]),
      header: ['id', 't', 'score'],
    }))
      batches.push(b);
    expect(batches[0]!.firstRecord).toBe(1);
    expect(batches[0]!.columns.get('id')).toEqual({ kind: 'string', values: ['1', '2'] });
    expect(Array.from((batches[0]!.columns.get('score') as { values: Float64Array }).values)).toEqual([
      0.5, 0.25,
    ]);
  });

  it('reads requested columns into typed columns, with quoted fields, doubled quotes, newlines, CRLF and a BOM', async () => {
    const path = file(
      'a.csv',
      '\uFEFFid,score,label,note\r\n1,0.5,1,"a, ""quoted""\r\nnote"\r\n2,-1e-3,0,plain\r\n3,,1,x',
    );
    const [batch] = await readAll(path, { id: 'string', score: 'number', label: 'number', note: 'string' });
    expect(batch!.length).toBe(3);
    expect(batch!.columns.get('id')).toEqual({ kind: 'string', values: ['1', '2', '3'] });
    const score = batch!.columns.get('score') as { values: Float64Array; missing?: Uint8Array };
    expect(Array.from(score.values)).toEqual([0.5, -0.001, Number.NaN]);
    expect(Array.from(score.missing!)).toEqual([0, 0, 1]);
    expect((batch!.columns.get('note') as { values: string[] }).values[0]).toBe('a, "quoted"\r\nnote');
  });

  it('splits into batches and streams many files from a glob in sorted order', async () => {
    file('glob/part-2.csv', 'x\n3\n4\n');
    file('glob/part-1.csv', 'x\n1\n2\n');
    const batches = await readAll(join(dir, 'glob/*.csv'), { x: 'number' }, 1);
    expect(
      batches.map((b) => Array.from((b.columns.get('x') as { values: Float64Array }).values)[0]),
    ).toEqual([1, 2, 3, 4]);
    expect(batches[1]!.firstRecord).toBe(3);
  });

  it('reads gzip by magic bytes, and directories', async () => {
    file('gz/data.csv.gz', gzipSync('x,y\n1,2\n'));
    file('gz/sub/plain.csv', 'x,y\n5,6\n');
    const batches = await readAll(join(dir, 'gz'), { y: 'number' });
    expect(batches.map((b) => (b.columns.get('y') as { values: Float64Array }).values[0])).toEqual([2, 6]);
  });

  it('names a gzip file that is truncated or corrupt', async () => {
    const whole = gzipSync('x,y\n'.concat('1,2\n'.repeat(1000)));
    const truncated = file('gz-bad/truncated.csv.gz', whole.subarray(0, whole.length - 12));
    await expect(readAll(truncated, { y: 'number' })).rejects.toThrow(
      `${truncated}: the gzip data is corrupt or truncated.`,
    );
    const corrupt = Buffer.from(whole);
    corrupt.fill(0xff, 12, 40);
    const path = file('gz-bad/corrupt.csv.gz', corrupt);
    await expect(readAll(path, { y: 'number' })).rejects.toThrow(
      `${path}: the gzip data is corrupt or truncated.`,
    );
  });

  it('names the file and lists the columns when one is missing, and hints at the delimiter', async () => {
    const path = file('b.csv', 'id,prob\n1,0.2\n');
    await expect(readAll(path, { score: 'number' })).rejects.toThrow(
      `Column "score" not found in ${path} (input "challenger").`,
    );
    const semi = file('semi.csv', 'id;score\n1;0.2\n');
    await expect(readAll(semi, { score: 'number' })).rejects.toMatchObject({
      hint: expect.stringContaining('looks ;-delimited'),
    });
  });

  it('rejects bad cells naming file, line, column and value', async () => {
    const path = file('c.csv', 'score\n0.1\nabc\n');
    await expect(readAll(path, { score: 'number' })).rejects.toThrow(
      `${path}, line 3, column "score": "abc" is not a number.`,
    );
    const nan = file('d.csv', 'score\nNaN\n');
    await expect(readAll(nan, { score: 'number' })).rejects.toThrow('"NaN" is not a finite number.');
    const inf = file('e.csv', 'score\n-Infinity\n0x10\n');
    await expect(readAll(inf, { score: { type: 'number', allowNonFinite: true } })).rejects.toThrow(
      '"0x10" is not a number.',
    );
  });

  it('rejects rows with the wrong number of fields, unterminated quotes, empty files, duplicate headers and non-UTF-8', async () => {
    await expect(readAll(file('f.csv', 'a,b\n1,2\n3\n'), { a: 'number' })).rejects.toThrow(
      'line 3: expected 2 fields like the header, found 1.',
    );
    await expect(readAll(file('g.csv', 'a,b\n1,"2\n'), { a: 'number' })).rejects.toThrow('is never closed');
    await expect(readAll(file('h.csv', ''), { a: 'number' })).rejects.toThrow(
      'is empty: a CSV file needs a header line.',
    );
    await expect(readAll(file('i.csv', 'a,a\n1,2\n'), { a: 'number' })).rejects.toThrow(
      'the header has the column "a" twice.',
    );
    await expect(
      readAll(file('j.csv', Buffer.from([0x61, 0x0a, 0xff, 0xfe, 0x0a])), { a: 'string' }),
    ).rejects.toThrow('is not valid UTF-8');
  });

  it('reads a header-only file as zero rows', async () => {
    expect(await readAll(file('k.csv', 'a,b\n'), { a: 'number' })).toEqual([]);
  });

  it('fails clearly when nothing matches', async () => {
    await expect(readAll(join(dir, 'nope/*.csv'), { a: 'number' })).rejects.toThrow(
      'Input "challenger": no file matches the pattern',
    );
    await expect(readAll(join(dir, 'missing.csv'), { a: 'number' })).rejects.toThrow(
      'Input "challenger": file not found',
    );
  });

  it('discovers columns and infers numeric vs text', async () => {
    const path = file('l.csv', 'id,price,device\na,1.5,mobile\nb,,desktop\n');
    expect(await readSchema(path, {})).toEqual(['id', 'price', 'device']);
    const [batch] = await readAll(path, '*');
    expect(batch!.columns.get('price')!.kind).toBe('number');
    expect(batch!.columns.get('device')!.kind).toBe('string');
  });
});

describe('CSV from bytes', () => {
  it('reads UTF-8 whose characters straddle chunk boundaries, TSV, and timestamps and numbers in every shape', async () => {
    // 1 MiB chunks (openSource's highWaterMark) cut some of these multi-byte characters in two.
    const rows = Array.from(
      { length: 120_000 },
      (_, i) => `€${i}\t${i % 2 ? '2026-03-02 10:15:00' : '1772446500'}\t${i}e-3`,
    );
    const path = file('bytes.tsv', `name\twhen\tx\n${rows.join('\n')}\n`);
    const batches = await readAll(path, { name: 'string', when: 'timestamp', x: 'number' }, 50_000);
    const names = batches.flatMap((b) => (b.columns.get('name') as { values: string[] }).values);
    expect(names).toEqual(rows.map((_, i) => `€${i}`));
    const when = batches.flatMap((b) =>
      Array.from((b.columns.get('when') as { values: Float64Array }).values),
    );
    expect(new Set(when)).toEqual(new Set([Date.UTC(2026, 2, 2, 10, 15), 1772446500000]));
    const x = batches.flatMap((b) => Array.from((b.columns.get('x') as { values: Float64Array }).values));
    expect(x[12_345]).toBe(Number('12345e-3'));
    // A euro sign whose first byte is the last of the first 1 MiB chunk.
    const name = `${'x'.repeat((1 << 20) - 'name\n'.length - 1)}€`;
    const [cut] = await readAll(file('cut.csv', `name\n${name}\n`), { name: 'string' });
    expect(cut!.columns.get('name')).toEqual({ kind: 'string', values: [name] });
  });

  it('keeps the written text of an auto column that turns out to hold text, and shares one string per category', async () => {
    const path = file('auto.csv', 'v,c\n1.50,web\n 2,app\nabc,web\n,web\n');
    const [batch] = await readAll(path, { v: 'auto', c: 'string' });
    expect(batch!.columns.get('v')).toEqual({ kind: 'string', values: ['1.50', ' 2', 'abc', null] });
    // Past the first 256 rows (the builder's first size): text found late still keeps every earlier cell's text.
    const many = Array.from({ length: 600 }, (_, i) => (i === 400 ? '' : `${i}.50`));
    const [late] = await readAll(file('auto3.csv', `v,w\n${many.map((v) => `${v},x`).join('\n')}\nabc,x\n`), {
      v: 'auto',
    });
    expect(late!.columns.get('v')).toEqual({
      kind: 'string',
      values: [...many.map((v) => v || null), 'abc'],
    });
    const [gaps] = await readAll(file('auto4.csv', `v,w\n${many.map((v) => `${v},x`).join('\n')}\n`), {
      v: 'auto',
    });
    expect((gaps!.columns.get('v') as { missing: Uint8Array }).missing.indexOf(1)).toBe(400);
    expect((gaps!.columns.get('v') as { values: Float64Array }).values[599]).toBe(599.5);
    // Cells kept where they lie (the CSV reader's borrowed buffers) across 1 MiB chunks and quoted cells' own copies:
    // text on the last row of a 3 MB batch still gets every earlier cell as written.
    const wide = Array.from({ length: 60_000 }, (_, i) => (i % 7 === 0 ? `"${i}.250"` : `${i}.250`));
    const [chunked] = await readAll(
      file('auto5.csv', `v,pad\n${wide.map((v) => `${v},${'p'.repeat(40)}`).join('\n')}\nabc,p\n`),
      { v: 'auto' },
    );
    const values = (chunked!.columns.get('v') as { values: string[] }).values;
    expect(values.length).toBe(60_001);
    expect(values.filter((v, i) => v !== (i === 60_000 ? 'abc' : `${i}.250`))).toEqual([]);
    const [numeric] = await readAll(file('auto2.csv', 'v\n1.50\n \n2\n'), { v: 'auto' });
    expect(numeric!.columns.get('v')).toEqual({
      kind: 'number',
      values: Float64Array.from([1.5, Number.NaN, 2]),
      missing: Uint8Array.from([0, 1, 0]),
    });
  });

  it('fails on a record longer than maxRecordBytes, naming the file, the line and the limit', async () => {
    const path = file('long.csv', `a,b\n1,2\n3,${'4'.repeat(5000)}\n`);
    const read = readBatches(path, {
      columns: new Map(Object.entries({ a: 'number' })),
      maxRecordBytes: 4096,
    });
    await expect(read.next()).rejects.toThrow(
      `${path}, line 3: the record is longer than max-record-bytes (4096 bytes).`,
    );
  });
});

describe('JSON Lines', () => {
  it('reads flat and dotted paths, booleans and nulls, skipping blank lines', async () => {
    const path = file(
      'a.jsonl',
      '{"id":"e1","s":0.2,"ok":true,"meta":{"t":"2026-01-01T00:00:00Z"}}\n\n{"id":"e2","s":null,"ok":false,"meta":{"t":1767225600}}\n',
    );
    const [batch] = await readAll(path, { id: 'string', s: 'number', ok: 'number', 'meta.t': 'timestamp' });
    expect(Array.from((batch!.columns.get('ok') as { values: Float64Array }).values)).toEqual([1, 0]);
    expect(Array.from((batch!.columns.get('meta.t') as { values: Float64Array }).values)).toEqual([
      1767225600000, 1767225600000,
    ]);
    expect(Array.from((batch!.columns.get('s') as { missing: Uint8Array }).missing)).toEqual([0, 1]);
  });

  it('names the line of malformed JSON and of missing columns', async () => {
    await expect(readAll(file('b.jsonl', '{"a":1}\n{oops\n'), { a: 'number' })).rejects.toThrow(
      'b.jsonl, line 2: not valid JSON.',
    );
    await expect(readAll(file('c.jsonl', '{"a":1}\n'), { b: 'number' })).rejects.toThrow(
      'Column "b" not found',
    );
  });
});

describe('timestamps', () => {
  const place = { source: 'f', record: 2, column: 't' };
  it('parses ISO 8601 with zones, without zone as UTC, dates, and epoch seconds or milliseconds', () => {
    expect(parseTimestampCell('2026-03-02T10:15:00Z', place)).toBe(Date.UTC(2026, 2, 2, 10, 15));
    expect(parseTimestampCell('2026-03-02 10:15:00', place)).toBe(Date.UTC(2026, 2, 2, 10, 15));
    expect(parseTimestampCell('2026-03-02T12:15:00+02:00', place)).toBe(Date.UTC(2026, 2, 2, 10, 15));
    expect(parseTimestampCell('2026-03-02T12:15:00+0200', place)).toBe(Date.UTC(2026, 2, 2, 10, 15));
    expect(parseTimestampCell('2026-03-02T10:15:00.123456Z', place)).toBe(
      Date.UTC(2026, 2, 2, 10, 15, 0, 123),
    );
    expect(parseTimestampCell('2026-03-02', place)).toBe(Date.UTC(2026, 2, 2));
    expect(parseTimestampCell('1772446500', place)).toBe(1772446500000);
    expect(parseTimestampCell('1772446500000', place)).toBe(1772446500000);
  });
  it('rejects other spellings naming the value', () => {
    expect(() => parseTimestampCell('03/02/2026', place)).toThrow(
      'f, line 2, column "t": "03/02/2026" is not a timestamp.',
    );
    expect(() => parseTimestampCell('2026-13-45T00:00:00Z', place)).toThrow('is not a timestamp');
  });
});

afterAll(() => {});
