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
  for await (const b of readBatches(source, { columns, batchSize, inputName: 'challenger' })) batches.push(b);
  return batches;
}

describe('CSV', () => {
  it('reads requested columns into typed columns, with quoted fields, doubled quotes, newlines, CRLF and a BOM', async () => {
    const path = file(
      'a.csv',
      '\uFEFFid,score,label,note\r\n1,0.5,1,"a, ""quoted""\r\nnote"\r\n2,-1e-3,0,plain\r\n3,,1,x',
    );
    const [batch] = await readAll(path, { id: 'string', score: 'number', label: 'number', note: 'string' });
    expect(batch!.length).toBe(3);
    expect(batch!.columns.id).toEqual({ kind: 'string', values: ['1', '2', '3'] });
    const score = batch!.columns.score as { values: Float64Array; missing?: Uint8Array };
    expect(Array.from(score.values)).toEqual([0.5, -0.001, Number.NaN]);
    expect(Array.from(score.missing!)).toEqual([0, 0, 1]);
    expect((batch!.columns.note as { values: string[] }).values[0]).toBe('a, "quoted"\r\nnote');
  });

  it('splits into batches and streams many files from a glob in sorted order', async () => {
    file('glob/part-2.csv', 'x\n3\n4\n');
    file('glob/part-1.csv', 'x\n1\n2\n');
    const batches = await readAll(join(dir, 'glob/*.csv'), { x: 'number' }, 1);
    expect(batches.map((b) => Array.from((b.columns.x as { values: Float64Array }).values)[0])).toEqual([
      1, 2, 3, 4,
    ]);
    expect(batches[1]!.firstRecord).toBe(3);
  });

  it('reads gzip by magic bytes, and directories', async () => {
    file('gz/data.csv.gz', gzipSync('x,y\n1,2\n'));
    file('gz/sub/plain.csv', 'x,y\n5,6\n');
    const batches = await readAll(join(dir, 'gz'), { y: 'number' });
    expect(batches.map((b) => (b.columns.y as { values: Float64Array }).values[0])).toEqual([2, 6]);
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
    expect(batch!.columns.price!.kind).toBe('number');
    expect(batch!.columns.device!.kind).toBe('string');
  });
});

describe('JSON Lines', () => {
  it('reads flat and dotted paths, booleans and nulls, skipping blank lines', async () => {
    const path = file(
      'a.jsonl',
      '{"id":"e1","s":0.2,"ok":true,"meta":{"t":"2026-01-01T00:00:00Z"}}\n\n{"id":"e2","s":null,"ok":false,"meta":{"t":1767225600}}\n',
    );
    const [batch] = await readAll(path, { id: 'string', s: 'number', ok: 'number', 'meta.t': 'timestamp' });
    expect(Array.from((batch!.columns.ok as { values: Float64Array }).values)).toEqual([1, 0]);
    expect(Array.from((batch!.columns['meta.t'] as { values: Float64Array }).values)).toEqual([
      1767225600000, 1767225600000,
    ]);
    expect(Array.from((batch!.columns.s as { missing: Uint8Array }).missing)).toEqual([0, 1]);
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

describe('SageMaker Model Monitor formats', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capture-'));
  const capture = (id: string, input: string, output: string, extra = {}) =>
    JSON.stringify({
      captureData: {
        endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: input, encoding: 'CSV' },
        endpointOutput: {
          observedContentType: 'text/csv; charset=utf-8',
          mode: 'OUTPUT',
          data: output,
          encoding: 'CSV',
        },
      },
      eventMetadata: { eventId: id, inferenceTime: '2026-11-20T10:00:00Z' },
      eventVersion: '0',
      ...extra,
    });

  it('flattens data capture records (CSV, JSON and base64 payloads) into id, timestamp, score and features', async () => {
    const path = join(dir, 'capture.jsonl');
    const json = JSON.stringify({
      captureData: {
        endpointInput: {
          observedContentType: 'application/json',
          data: '{"age": 41, "country": "DE"}',
          encoding: 'JSON',
        },
        endpointOutput: {
          observedContentType: 'application/json',
          data: '{"predictions": [{"score": 0.25}]}',
          encoding: 'JSON',
        },
      },
      eventMetadata: { eventId: 'e3', inferenceTime: '2026-11-20T11:00:00Z' },
    });
    const b64 = JSON.stringify({
      captureData: {
        endpointInput: { data: Buffer.from('7,"x, y"').toString('base64'), encoding: 'BASE64' },
        endpointOutput: { data: Buffer.from('0.5').toString('base64'), encoding: 'BASE64' },
      },
      eventMetadata: { eventId: 'e4', inferenceTime: '2026-11-20T12:00:00Z' },
    });
    writeFileSync(
      path,
      `${capture('e1', '1.5,3,abc', '0.87')}\n${capture('e2', '2.5,4,def', '0.13,0.87')}\n${b64}\n`,
    );
    const rows: Record<string, unknown>[] = [];
    for await (const b of readBatches(path, {
      columns: {
        id: 'string',
        timestamp: 'timestamp',
        score: 'number',
        feature_1: 'number',
        feature_3: 'string',
      },
    }))
      for (let i = 0; i < b.length; i++)
        rows.push(Object.fromEntries(Object.entries(b.columns).map(([k, c]) => [k, c.values[i]])));
    expect(rows).toEqual([
      {
        id: 'e1',
        timestamp: Date.parse('2026-11-20T10:00:00Z'),
        score: 0.87,
        feature_1: 1.5,
        feature_3: 'abc',
      },
      {
        id: 'e2',
        timestamp: Date.parse('2026-11-20T10:00:00Z'),
        score: 0.13,
        feature_1: 2.5,
        feature_3: 'def',
      },
      { id: 'e4', timestamp: Date.parse('2026-11-20T12:00:00Z'), score: 0.5, feature_1: 7, feature_3: null },
    ]);
    const jsonPath = join(dir, 'capture-json.jsonl');
    writeFileSync(jsonPath, `${json}\n`);
    for await (const b of readBatches(jsonPath, {
      columns: { score: 'number', age: 'number', country: 'string' },
    })) {
      expect(b.columns.score!.values[0]).toBe(0.25);
      expect(b.columns.age!.values[0]).toBe(41);
      expect(b.columns.country!.values[0]).toBe('DE');
    }
  });

  it('keys a captured record by its inferenceId when present, else its eventId, keeping both for tracing', async () => {
    const path = join(dir, 'capture-ids.jsonl');
    writeFileSync(
      path,
      [
        capture('ev-1', '1', '0.1', { eventMetadata: { eventId: 'ev-1', inferenceId: 'order-1' } }),
        capture('ev-2', '2', '0.2'),
        JSON.stringify({
          captureData: {
            endpointInput: { data: Buffer.from('3').toString('base64'), encoding: 'BASE64' },
            endpointOutput: { data: Buffer.from('0.3').toString('base64'), encoding: 'BASE64' },
          },
          eventMetadata: { inferenceId: 'order-3' },
        }),
      ].join('\n'),
    );
    const rows: unknown[][] = [];
    for await (const b of readBatches(path, {
      columns: { id: 'string', event_id: 'string', inference_id: 'string', feature_1: 'number' },
    }))
      for (let i = 0; i < b.length; i++)
        rows.push(['id', 'event_id', 'inference_id', 'feature_1'].map((c) => b.columns[c]!.values[i]));
    expect(rows).toEqual([
      ['order-1', 'ev-1', 'order-1', 1],
      ['ev-2', 'ev-2', null, 2],
      ['order-3', null, 'order-3', 3],
    ]);
  });

  it('counts invalid base64 as a malformed record instead of decoding garbage', async () => {
    const path = join(dir, 'capture-b64.jsonl');
    const damaged = JSON.stringify({
      captureData: {
        endpointInput: { data: 'MS41LDM=!!', encoding: 'BASE64' },
        endpointOutput: { data: 'MC41', encoding: 'BASE64' },
      },
      eventMetadata: { eventId: 'e9' },
    });
    writeFileSync(path, `${capture('e1', '1', '0.5')}\n${damaged}\n`);
    const warnings: string[] = [];
    const ids: string[] = [];
    for await (const b of readBatches(path, {
      columns: { id: 'string' },
      maxBadRecords: 1,
      onWarning: (w) => warnings.push(w),
    }))
      ids.push(...(b.columns.id!.values as string[]));
    expect(ids).toEqual(['e1']);
    expect(warnings[0]).toMatch(
      /line 2: malformed record \(captureData\.endpointInput\.data is not valid base64\)/,
    );
  });

  it('keeps a JSON input feature named constructor as a column', async () => {
    const path = join(dir, 'capture-proto.jsonl');
    writeFileSync(
      path,
      `${JSON.stringify({
        captureData: {
          endpointInput: { data: '{"__proto__": 4, "constructor": "x"}', encoding: 'JSON' },
          endpointOutput: { data: '0.5', encoding: 'CSV' },
        },
        eventMetadata: { eventId: 'e1' },
      })}\n`,
    );
    // A variable key: TypeScript types a literal `.constructor` as Object's Function, not as the column.
    const key: string = 'constructor';
    for await (const b of readBatches(path, { columns: { [key]: 'string' } }))
      expect((b.columns[key] as { values: string[] }).values[0]).toBe('x');
  });

  it('reads ground-truth records as id and label', async () => {
    const path = join(dir, 'truth.jsonl');
    const truth = (id: string, label: string) =>
      JSON.stringify({
        groundTruthData: { data: label, encoding: 'CSV' },
        eventMetadata: { eventId: id },
        eventVersion: '0',
      });
    writeFileSync(path, `${truth('e1', '1')}\n${truth('e2', '0')}\n`);
    const labels: number[] = [];
    for await (const b of readBatches(path, { columns: { id: 'string', label: 'number' } }))
      labels.push(...(b.columns.label!.values as Float64Array));
    expect(labels).toEqual([1, 0]);
  });

  it('skips malformed capture records with a warning up to max-bad-records, then fails naming the line', async () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(
      path,
      `${capture('e1', '1', '0.5')}\n{"captureData": {}}\nnot json\n${capture('e2', '2', '0.6')}\n`,
    );
    const warnings: string[] = [];
    const ids: string[] = [];
    for await (const b of readBatches(path, {
      columns: { id: 'string' },
      maxBadRecords: 2,
      onWarning: (w) => warnings.push(w),
    }))
      ids.push(...(b.columns.id!.values as string[]));
    expect(ids).toEqual(['e1', 'e2']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/bad\.jsonl, line 2: malformed record \(eventMetadata\.eventId is missing\)/);
    await expect(async () => {
      for await (const _ of readBatches(path, { columns: { id: 'string' }, maxBadRecords: 1 })) void _;
    }).rejects.toThrow(
      /line 3: malformed record \(not valid JSON\)\. 2 malformed record\(s\) so far, more than max-bad-records \(1\)/,
    );
  });
});
