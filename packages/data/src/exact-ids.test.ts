import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idHash } from '@mlops-actions/core';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { readBatches } from './read.js';
import type { ColumnRequest, ColumnType, RecordBatch } from './types.js';

// Issue 17.4 (ids beyond 2^53 keep their digits) and 17.5 (column names that are Object.prototype members).

const dir = mkdtempSync(join(tmpdir(), 'exact-ids-'));

async function read(
  name: string,
  content: string | Uint8Array,
  columns: [string, ColumnType | ColumnRequest][],
) {
  const path = join(dir, name);
  writeFileSync(path, content);
  const batches: RecordBatch[] = [];
  for await (const b of readBatches(path, { columns: new Map(columns) })) batches.push(b);
  return batches;
}

describe('ids beyond 2^53', () => {
  it('JSON Lines: a big integer in a string column keeps its digits; a number column still gets a number', async () => {
    const text =
      '{"id": 9007199254740993, "n": 9007199254740993}\n{"id": 9007199254740992, "n": 12}\n{"id": -123456789012345678901, "n": 1e3}\n';
    const [batch] = await read('big.jsonl', text, [
      ['id', 'string'],
      ['n', 'number'],
    ]);
    expect(batch!.columns.get('id')!.values).toEqual([
      '9007199254740993',
      '9007199254740992',
      '-123456789012345678901',
    ]);
    expect(Array.from(batch!.columns.get('n')!.values as Float64Array)).toEqual([9007199254740992, 12, 1000]);
  });

  it('JSON Lines: a line with a long digit run inside a string is read as before', async () => {
    const [batch] = await read('digits.jsonl', '{"id": "12345678901234567890", "x": 1.5}\n', [
      ['id', 'string'],
      ['x', 'number'],
    ]);
    expect(batch!.columns.get('id')!.values).toEqual(['12345678901234567890']);
    expect(Array.from(batch!.columns.get('x')!.values as Float64Array)).toEqual([1.5]);
  });

  it('Parquet: INT64 ids read as a string column keep their digits', async () => {
    const ids = [9007199254740993n, 9007199254740992n, -9223372036854775808n];
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: BigInt64Array.from(ids), type: 'INT64' },
        { name: 'n', data: BigInt64Array.from([1n, 2n, 3n]), type: 'INT64' },
      ],
    });
    const [batch] = await read('big.parquet', new Uint8Array(buffer), [
      ['id', 'string'],
      ['n', 'number'],
    ]);
    expect(batch!.columns.get('id')!.values).toEqual(ids.map(String));
    expect(Array.from(batch!.columns.get('n')!.values as Float64Array)).toEqual([1, 2, 3]);
  });
});

describe('id columns as bytes (ColumnRequest.bytes)', () => {
  const text = (batch: RecordBatch, name: string) => {
    const column = batch.bytes!.get(name)!;
    const out: string[] = [];
    for (let i = 0; i < column.offsets.length - 1; i++)
      out.push(
        Buffer.from(column.bytes.subarray(column.offsets[i]!, column.offsets[i + 1]!)).toString('utf8'),
      );
    return { out, missing: column.missing ? Array.from(column.missing) : undefined };
  };

  it("CSV: the cells' own bytes, quoted or not, in RecordBatch.bytes and not in columns; empty cells flagged", async () => {
    const [batch] = await read('ids.csv', 'id,s\n9007199254740993,1\n"a,""b",2\n,3\nü😀,4\n', [
      ['id', { type: 'string', bytes: true }],
      ['s', 'number'],
    ]);
    expect(batch!.columns.has('id')).toBe(false);
    expect(text(batch!, 'id')).toEqual({
      out: ['9007199254740993', 'a,"b', '', 'ü😀'],
      missing: [0, 0, 1, 0],
    });
  });

  it("CSV: each cell's idHash computed as its bytes are copied, kept when a worker's batches are concatenated", async () => {
    const ids = ['9007199254740993', 'a,"b', '', 'ü😀'];
    const content = 'id,s\n9007199254740993,1\n"a,""b",2\n,3\nü😀,4\n';
    const hashOf = (id: string) => {
      const bytes = new TextEncoder().encode(id);
      return idHash(bytes, 0, bytes.length);
    };
    const [batch] = await read('hashed.csv', content, [['id', { type: 'string', bytes: true }]]);
    expect(Array.from(batch!.bytes!.get('id')!.hashes!)).toEqual(ids.map(hashOf));
  });

  it('JSON Lines and Parquet: the text each reader gives, as UTF-8 bytes (big integers keep their digits)', async () => {
    const [jsonl] = await read(
      'ids.jsonl',
      '{"id": 9007199254740993}\n{"id": null}\n{"id": "é"}\n{"id": 7}\n',
      [['id', { type: 'string', bytes: true }]],
    );
    expect(text(jsonl!, 'id')).toEqual({ out: ['9007199254740993', '', 'é', '7'], missing: [0, 1, 0, 0] });
    const buffer = parquetWriteBuffer({
      columnData: [{ name: 'id', data: BigInt64Array.from([9007199254740993n, -1n]), type: 'INT64' }],
    });
    const [parquet] = await read('ids.parquet', new Uint8Array(buffer), [
      ['id', { type: 'string', bytes: true }],
    ]);
    expect(text(parquet!, 'id')).toEqual({ out: ['9007199254740993', '-1'], missing: undefined });
  });

  it('Parquet: a string column decoded by the typed decoder comes as bytes, nulls flagged', async () => {
    const buffer = parquetWriteBuffer({
      columnData: [{ name: 'id', data: ['c-1', null, 'é-2', 'c-1'], type: 'STRING' }],
    });
    const [batch] = await read('strings.parquet', new Uint8Array(buffer), [
      ['id', { type: 'string', bytes: true }],
    ]);
    expect(batch!.columns.has('id')).toBe(false);
    expect(text(batch!, 'id')).toEqual({ out: ['c-1', '', 'é-2', 'c-1'], missing: [0, 1, 0, 0] });
  });
});

describe('column names that are Object.prototype members', () => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

  it('CSV: each is a column of its own', async () => {
    const [batch] = await read(
      'proto.csv',
      `${names.join(',')}\n1,2,3,4\n`,
      names.map((n) => [n, 'number']),
    );
    expect([...batch!.columns.keys()]).toEqual(names);
    expect(names.map((n) => (batch!.columns.get(n)!.values as Float64Array)[0])).toEqual([1, 2, 3, 4]);
  });

  it('JSON Lines: present keys are read; absent ones are missing, never Object.prototype functions', async () => {
    const text =
      '{"__proto__": "p", "constructor": "c", "toString": "t", "hasOwnProperty": "h"}\n{"other": 1}\n';
    const [batch] = await read(
      'proto.jsonl',
      text,
      names.map((n) => [n, { type: 'string', optional: true }]),
    );
    expect(names.map((n) => batch!.columns.get(n)!.values)).toEqual([
      ['p', null],
      ['c', null],
      ['t', null],
      ['h', null],
    ]);
  });
});
