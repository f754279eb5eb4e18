import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom, UserError } from '@mlops-actions/core';
import { describe, expect, it } from 'vitest';
import { BatchEmitter } from './emit.js';
import { columnValue, lineRecord } from './jsonl.js';
import { readBatches } from './read.js';
import { type ColumnRequests, missingColumn, normalizeRequests } from './select.js';
import { byteColumnNames, withByteColumns } from './text-bytes.js';
import type { ColumnRequest, ReadOptions, RecordBatch } from './types.js';

// Issue 21.1: JSON Lines from bytes must give what the text reader (JSON.parse per line) gave, value for value and
// message for message. The reference below is that reader, rebuilt from the pieces it still uses.

const dir = mkdtempSync(join(tmpdir(), 'jsonl-bytes-'));
let files = 0;

/** The text reader: lines of the decoded text (a leading BOM dropped by the decoder), trimmed, JSON.parse each. */
async function* textReader(
  content: Buffer,
  source: string,
  requested: ColumnRequests,
  batchSize: number,
): AsyncGenerator<RecordBatch> {
  const lines = new TextDecoder('utf-8').decode(content).split('\n');
  if (lines.at(-1)!.trim() === '') lines.pop();
  let emitter: BatchEmitter | undefined;
  const seen = new Set<string>();
  for (let k = 0; k < lines.length; k++) {
    const line = k + 1;
    const trimmed = lines[k]!.trim();
    if (!trimmed) continue;
    const record = lineRecord(trimmed, line, source);
    if (!emitter) {
      const columns: { name: string; request: ColumnRequest }[] =
        requested === '*'
          ? Object.keys(record).map((name) => ({ name, request: { type: 'auto' } }))
          : [...requested].map(([name, request]) => ({ name, request }));
      emitter = new BatchEmitter(source, columns, batchSize, line);
    }
    for (let p = 0; p < emitter.columns.length; p++) {
      const name = emitter.columns[p]!.name;
      const value = columnValue(record, name, line, source);
      if (value !== undefined) seen.add(name);
      emitter.cell(p, value, line);
    }
    const batch = emitter.endRow(line + 1);
    if (batch) yield batch;
  }
  if (!emitter) throw new UserError(`${source} has no records.`);
  if (requested !== '*')
    for (const [name, request] of requested)
      if (!request.optional && !seen.has(name)) throw missingColumn(name, { name: source } as never, []);
  const last = emitter.finish();
  if (last) yield last;
}

/** A batch as plain data: -0 and NaN spelled out so that equality is exact. */
function plain(batch: RecordBatch) {
  const number = (v: number) => (Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v);
  return {
    length: batch.length,
    firstRecord: batch.firstRecord,
    columns: [...batch.columns].map(([name, c]) =>
      c.kind === 'number'
        ? [name, 'number', Array.from(c.values, number), c.missing ? Array.from(c.missing) : undefined]
        : [name, 'string', c.values],
    ),
    bytes: [...(batch.bytes ?? [])].map(([name, c]) => [
      name,
      Array.from(c.offsets, (o, i) =>
        i === 0 ? '' : Buffer.from(c.bytes).toString('utf8', c.offsets[i - 1], o),
      ),
      c.missing ? Array.from(c.missing) : undefined,
    ]),
  };
}

async function outcome(batches: AsyncIterable<RecordBatch>) {
  const out: ReturnType<typeof plain>[] = [];
  try {
    for await (const b of batches) out.push(plain(b));
  } catch (error) {
    return { error: (error as Error).message, hint: (error as UserError).hint };
  }
  return { batches: out };
}

/** Both readers on the same bytes: the byte reader through readBatches (the path actions take). */
async function both(content: string | Buffer, columns: ReadOptions['columns'], batchSize = 4) {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const path = join(dir, `f${files++}.jsonl`);
  writeFileSync(path, bytes);
  const byteReader = outcome(readBatches(path, { columns, batchSize }));
  const names = byteColumnNames(columns);
  const text = textReader(bytes, path, normalizeRequests(columns), batchSize);
  const reference = outcome(names.size > 0 ? withByteColumns(text, names) : text);
  return { bytes: await byteReader, text: await reference };
}

const columns = new Map<string, ColumnRequest>([
  ['id', { type: 'string', bytes: true }],
  ['ts', { type: 'timestamp', optional: true }],
  ['n', { type: 'number', allowNonFinite: true, optional: true }],
  ['s', { type: 'string', optional: true }],
  ['a', { type: 'auto', optional: true }],
  ['m.k', { type: 'number', optional: true }],
  ['__proto__', { type: 'string', optional: true }],
  ['constructor', { type: 'string', optional: true }],
]);

const ids = [
  '"e1"',
  '"id-\\"q\\""',
  '"\\u00e9t\\u00E9"',
  '"\\ud83d\\ude00x"',
  '"日本"',
  '12345',
  '-7',
  '0',
  '-0',
  '9007199254740993',
  '-123456789012345678901',
  '12345678901234567890.5',
  '1e20',
  '1.5',
  'true',
  'null',
  '""',
  '" "',
];
const stamps = [
  '"2026-11-20T10:00:00Z"',
  '"2026-11-20"',
  '"2026-11-20 10:00:00.123456"',
  '1700000000',
  '1700000000123',
  '1.7e9',
  '20261113',
  '"1700000000"',
  '-0',
  'null',
  '""',
  'false',
  '"2026-11-20T10:00:00+02:00"',
];
const numbers = [
  '0.1',
  '-0',
  '1E-7',
  '1e-7',
  '123456789012345678',
  '1e22',
  '1e23',
  '5e-324',
  '1e400',
  '-1e400',
  '"2.5"',
  '" 3 "',
  'true',
  'false',
  'null',
  '""',
  '0.30000000000000004',
  '9007199254740993',
  '2.2250738585072014e-308',
];
const texts = [
  '"plain"',
  '"tab\\there"',
  '"\\n\\r\\b\\f\\/\\\\"',
  '"\\u0041\\u00e9\\u4e2d"',
  '"\\ud83d\\ude00"',
  '"é"',
  '1.0',
  '2',
  '1e400',
  '-0',
  'true',
  'false',
  'null',
  '""',
  '"\\ud800"',
  '"a\\u0000b"',
];
const autos = [
  '1',
  '2.5',
  '"3"',
  '" 4 "',
  '-0',
  '1e-7',
  'null',
  '""',
  '"x"',
  'true',
  '1e400',
  '12345678901234567890',
];
const extras = [
  '"x": {"y": [1, 2.5, {"z": null}], "w": "\\u00e9"}',
  '"empty": {}',
  '"list": []',
  '"t": true',
  '"m.k": 5',
  '"m": {"k": 6}',
  '"m": 3',
  '"__proto__": "p"',
  '"constructor": 1',
  '"toString": "s"',
  '"n": 42',
];
const pick = <T>(r: () => number, a: T[]) => a[Math.floor(r() * a.length)]!;

function line(r: () => number): string {
  const fields: string[] = [];
  const add = (key: string, values: string[]) => {
    if (r() < 0.9) fields.push(`"${key}":${r() < 0.2 ? ' ' : ''}${pick(r, values)}`);
  };
  add('id', ids);
  add('ts', stamps);
  add('n', numbers);
  add('s', texts);
  add('a', autos);
  for (let k = 0; k < 3; k++) if (r() < 0.3) fields.push(pick(r, extras));
  // Shuffled, so duplicate keys (the last wins) land before and after.
  for (let k = fields.length - 1; k > 0; k--) {
    const j = Math.floor(r() * (k + 1));
    [fields[k], fields[j]] = [fields[j]!, fields[k]!];
  }
  const sep = r() < 0.2 ? ' , ' : ',';
  const body = `{${r() < 0.1 ? ' ' : ''}${fields.join(sep)}${r() < 0.1 ? '\t' : ''}}`;
  const end = r();
  return end < 0.1 ? `${body}\r` : end < 0.15 ? `  ${body}  ` : end < 0.18 ? `\u00a0${body}` : body;
}

describe('JSON Lines read from bytes', () => {
  it('gives the text reader’s batches on generated lines (escapes, surrogates, big ints, -0, 1e400, __proto__, duplicates, CRLF, blanks)', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const r = seededRandom(seed);
      const lines = Array.from({ length: 60 }, () => (r() < 0.05 ? (r() < 0.5 ? '' : ' \r') : line(r)));
      lines[0] = '{"id": "first"}';
      const text = `${seed % 3 === 0 ? '\ufeff' : ''}${lines.join('\n')}${seed % 2 ? '\n' : ''}`;
      const { bytes, text: reference } = await both(text, columns, 1 + (seed % 7));
      expect(reference.error).toBeUndefined();
      expect(bytes, `seed ${seed}`).toEqual(reference);
    }
  });

  it('gives the text reader’s columns for `*` (the first record’s keys, read as auto)', async () => {
    const text =
      '{"b": 1, "__proto__": "x", "2": 0.5, "1": "y", "b": 2}\n{"b": 1e400, "1": "\\u00e9", "2": -0}\n';
    const { bytes, text: reference } = await both(text, '*');
    expect(bytes).toEqual(reference);
    expect(bytes.batches![0]!.columns.map((c) => c[0])).toEqual(['1', '2', 'b', '__proto__']);
  });

  const errors: [string, string][] = [
    ['not JSON', '{"id": "a"}\n{oops\n'],
    ['a trailing comma', '{"id": "a"}\n{"id": "b",}\n'],
    ['a leading zero', '{"id": "a"}\n{"id": "b", "n": 01}\n'],
    ['a raw control character in a string', '{"id": "a"}\n{"id": "b\u0001"}\n'],
    ['a bad escape', '{"id": "a"}\n{"id": "\\x41"}\n'],
    ['a control character as a hex digit', '{"id": "a"}\n{"id": "\\u001\u0011"}\n'],
    ['a short \\u escape', '{"id": "a"}\n{"id": "\\u41"}\n'],
    ['a truncated literal', '{"id": "a"}\n{"id": "b", "n": tru}\n'],
    ['text after the object', '{"id": "a"}\n{"id": "b"} x\n'],
    ['an array line', '{"id": "a"}\n[1, 2]\n'],
    ['a nested requested column', '{"id": "a"}\n{"id": "b", "n": {"v": 1}}\n'],
    ['a nested array in a requested column', '{"id": "a"}\n{"id": ["b"]}\n'],
    ['a word in a number column', '{"id": "a"}\n{"id": "b", "n": "abc"}\n'],
    ['an impossible date', '{"id": "a"}\n{"id": "b", "ts": "2026-02-30"}\n'],
    ['a word in a timestamp column', '{"id": "a"}\n{"id": "b", "ts": "soon"}\n'],
    ['no id at all', '{"x": 1}\n{"y": 2}\n'],
    ['only blank lines', '\n \r\n\n'],
    ['an unclosed string', '{"id": "a"}\n{"id": "b}\n'],
    ['a missing colon in a nested object nobody asked for', '{"id": "a"}\n{"id": "b", "x": {"y" 12}}\n'],
    ['an unclosed nested array', '{"id": "a"}\n{"id": "b", "x": [1, 2}}\n'],
    [
      'a lone high surrogate key escape in a nested key',
      '{"id": "a"}\n{"id": "b", "x": {"\\ud800": 1, "y": 01}}\n',
    ],
  ];
  it.each(errors)('fails as the text reader does on %s', async (_name, text) => {
    const { bytes, text: reference } = await both(text, columns);
    expect(reference.error).toBeDefined();
    expect(bytes).toEqual(reference);
  });

  it('fails as the text reader does on an infinite number where non-finite numbers are not allowed', async () => {
    const strict = new Map<string, ColumnRequest>([['n', { type: 'number' }]]);
    const { bytes, text: reference } = await both('{"n": 1}\n{"n": 1e400}\n', strict);
    expect(reference.error).toMatch(/line 2, column "n": "Infinity" is not a finite number/);
    expect(bytes).toEqual(reference);
  });

  it('reads wide records (columns found by name in a Map), with `*` and with many requested columns', async () => {
    const keys = Array.from({ length: 3000 }, (_, k) => `c${k}`);
    const record = (i: number) =>
      `{${keys.map((k, j) => `"${k}": ${j % 3 ? i + j : `"v${i}"`}`).join(', ')}}`;
    const text = `${record(0)}\n${record(1)}\n{"c5": 1.5, "zz": 2}\n`;
    const all = await both(text, '*');
    expect(all.bytes).toEqual(all.text);
    const some = new Map<string, ColumnRequest>(
      [...keys.slice(0, 40), 'c2999', 'absent'].map((k) => [k, { type: 'auto', optional: true }]),
    );
    const picked = await both(text, some);
    expect(picked.bytes).toEqual(picked.text);
    expect(picked.bytes.batches![0]!.columns.length).toBe(42);
  });

  it('matches an escaped key and keeps nesting far beyond its own depth limit to JSON.parse', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const text = `{"id": "a"}\n{"i\\u0064": "b", "x": ${deep}}\n{"id": "c", "x": [[[1]]]}\n`;
    const { bytes, text: reference } = await both(text, columns);
    expect(bytes).toEqual(reference);
    expect(bytes.batches![0]!.bytes[0]![1]).toEqual(['', 'a', 'b', 'c']);
  });

  it('reads lines longer than a chunk and a last line without a line end', async () => {
    const long = 'x'.repeat(3 << 20);
    const text = `{"id": "a", "s": "${long}"}\n{"id": "b", "n": 2}\n{"id": "c", "n": 3}`;
    const { bytes, text: reference } = await both(text, columns, 2);
    expect(bytes).toEqual(reference);
    expect(bytes.batches!.map((b) => b.firstRecord)).toEqual([1, 3]);
  });
});
