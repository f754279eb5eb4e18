import { describe, expect, it } from 'vitest';
import { firstCsvRecord } from './csv-records.js';
import { BatchEmitter } from './emit.js';

describe('BatchEmitter', () => {
  it('cuts rows into batches of batchSize, each starting at the record the reader names, and a partial last one', () => {
    const emitter = new BatchEmitter(
      'f.csv',
      [
        { name: 'x', request: { type: 'number' } },
        { name: 's', request: { type: 'string' } },
      ],
      2,
      2,
    );
    const batches = [];
    for (const [line, x, s] of [
      [2, '1', 'a'],
      [3, '', 'b'],
      [5, '3', ''],
    ] as const) {
      emitter.cell(0, x, line);
      emitter.cell(1, s, line);
      const batch = emitter.endRow(line + 1);
      if (batch) batches.push(batch);
    }
    batches.push(emitter.finish());
    expect(emitter.finish()).toBeUndefined();
    expect(batches).toEqual([
      {
        length: 2,
        source: 'f.csv',
        firstRecord: 2,
        columns: new Map(
          Object.entries({
            x: {
              kind: 'number',
              values: Float64Array.from([1, Number.NaN]),
              missing: Uint8Array.from([0, 1]),
            },
            s: { kind: 'string', values: ['a', 'b'] },
          }),
        ),
      },
      {
        length: 1,
        source: 'f.csv',
        firstRecord: 4,
        columns: new Map(
          Object.entries({
            x: { kind: 'number', values: Float64Array.from([3]) },
            s: { kind: 'string', values: [null] },
          }),
        ),
      },
    ]);
  });

  it('counts rows when no column is requested', () => {
    const emitter = new BatchEmitter('f.jsonl', [], 2, 1);
    const lengths: number[] = [];
    for (let line = 1; line <= 5; line++) {
      const batch = emitter.endRow(line + 1);
      if (batch) lengths.push(batch.length);
    }
    lengths.push(emitter.finish()!.length);
    expect(lengths).toEqual([2, 2, 1]);
  });

  it('names the file, line and column of a bad cell', () => {
    const emitter = new BatchEmitter('f.csv', [{ name: 'x', request: { type: 'number' } }], 10, 2);
    expect(() => emitter.cell(0, 'abc', 7)).toThrow('f.csv, line 7, column "x": "abc" is not a number.');
  });
});

describe('firstCsvRecord', () => {
  it('splits the first record: quoted delimiters, doubled quotes, quoted newlines, CRLF', () => {
    expect(firstCsvRecord('a,"b,c","say ""hi""","x\r\ny"\r\nnext,line')).toEqual([
      'a',
      'b,c',
      'say "hi"',
      'x\r\ny',
    ]);
    expect(firstCsvRecord('1\t2', '\t')).toEqual(['1', '2']);
    expect(firstCsvRecord('')).toEqual(['']);
  });

  it('is undefined when a quoted field never closes', () => {
    expect(firstCsvRecord('1,"open\n2,3')).toBeUndefined();
  });
});
