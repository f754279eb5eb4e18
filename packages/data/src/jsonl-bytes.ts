import { UserError } from '@mlops-actions/core';
import { fastDecimal } from './byte-cells.js';
import { type ByteColumnBuilder, byteColumnBuilder } from './byte-columns.js';
import { BatchEmitter } from './emit.js';
import { columnValue, lineRecord } from './jsonl.js';
import { ABSENT, ESCAPED, FALSE, JsonLineScanner, NULL, NUMBER, STRING, TRUE } from './jsonl-scan.js';
import { type ColumnRequests, missingColumn } from './select.js';
import type { SourceObject } from './sources.js';
import type { ColumnRequest, ReadOptions, RecordBatch } from './types.js';

const LF = 0x0a;
/** Bytes gathered before lines are cut (as the CSV scanner does): one copy and one pass per MiB, not per chunk. */
const MIN_SCAN_BYTES = 1 << 20;
const EMPTY: Buffer = Buffer.alloc(0);

/** How a column's number tokens are read. */
const TEXT_COLUMN = 0;
const NUMBER_COLUMN = 1;
const TIMESTAMP_COLUMN = 2;

const columnKind = (request: ColumnRequest) =>
  request.type === 'number' ? NUMBER_COLUMN : request.type === 'timestamp' ? TIMESTAMP_COLUMN : TEXT_COLUMN;

/** Whether b[s, e) holds 16 digits in a row: the text reader then keeps integers beyond 2^53 as their digits. */
function hasLongDigitRun(b: Uint8Array, s: number, e: number): boolean {
  let run = 0;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    run = c >= 0x30 && c <= 0x39 ? run + 1 : 0;
    if (run === 16) return true;
  }
  return false;
}

/**
 * A number token as the text reader's JSON.parse gives it: a number, or, for an integer beyond 2^53 on a line with a
 * 16-digit run, its digits (jsonl.ts, parseJsonLine), so an id keeps every digit.
 */
function numberValue(b: Buffer, s: number, e: number, line: Buffer, ls: number, le: number): number | string {
  const text = b.toString('latin1', s, e);
  const n = Number(text);
  return Number.isInteger(n) && !Number.isSafeInteger(n) && hasLongDigitRun(line, ls, le) ? text : n;
}

/** Whether JavaScript prints the number token b[s, e) as written: an integer of at most 15 digits, not -0. */
function printsAsWritten(b: Uint8Array, s: number, e: number): boolean {
  let i = s;
  if (b[i] === 0x2d) {
    i++;
    if (b[i] === 0x30) return false;
  }
  if (e - i > 15) return false;
  for (; i < e; i++) if (b[i]! < 0x30 || b[i]! > 0x39) return false;
  return true;
}

/**
 * Columnar batches of a JSON Lines byte stream (UTF-8, see utf8Chunks), one object per line (record numbers are line
 * numbers). Lines in the flat shape (jsonl-scan.ts) go from their bytes into the CSV reader's column builders: numbers
 * by the correctly rounded fast path, timestamps from bytes, strings interned, ids as bytes. Any other line, and the
 * first (whose keys are the columns of `'*'`), is parsed as text (jsonl.ts), with the same values and messages.
 */
export async function* jsonlByteBatches(
  chunks: AsyncIterable<Buffer>,
  object: SourceObject,
  requested: ColumnRequests,
  batchSize: number,
  options: ReadOptions,
): AsyncGenerator<RecordBatch> {
  const source = object.name;
  let emitter: BatchEmitter<ByteColumnBuilder> | undefined;
  let scanner: JsonLineScanner | undefined;
  let kinds = new Uint8Array(0);
  let seen = new Uint8Array(0);
  let line = 0;

  const start = (record: Record<string, unknown>, first: number) => {
    const columns =
      requested === '*'
        ? Object.keys(record).map((name) => ({ name, request: { type: 'auto' } as ColumnRequest }))
        : [...requested].map(([name, request]) => ({ name, request }));
    emitter = new BatchEmitter(source, columns, batchSize, first, (c) =>
      byteColumnBuilder(c.name, c.request, batchSize, source),
    );
    scanner = new JsonLineScanner(columns.map((c) => c.name));
    kinds = Uint8Array.from(columns, (c) => columnKind(c.request));
    seen = new Uint8Array(columns.length);
  };

  /** The line b[s, e) parsed as text; false when it is blank. */
  const textLine = (b: Buffer, s: number, e: number): boolean => {
    const text = b.toString('utf8', s, e).trim();
    if (!text) return false;
    const record = lineRecord(text, line, source);
    if (!emitter) start(record, line);
    const { columns, builders } = emitter!;
    for (let p = 0; p < columns.length; p++) {
      const value = columnValue(record, columns[p]!.name, line, source);
      if (value !== undefined) seen[p] = 1;
      builders[p]!.pushValue(value, line);
    }
    return true;
  };

  /** The scanned line's cells into the builders. */
  const byteLine = (b: Buffer, ls: number, le: number) => {
    const { kinds: tokens, starts, ends, scratch } = scanner!;
    const builders = emitter!.builders;
    for (let p = 0; p < builders.length; p++) {
      const builder = builders[p]!;
      const token = tokens[p]!;
      const s = starts[p]!;
      const e = ends[p]!;
      if (token !== ABSENT) seen[p] = 1;
      const column = kinds[p]!;
      if (token === STRING) builder.push(b, s, e, line);
      else if (token === ESCAPED) builder.push(scratch, s, e, line);
      else if (token === NUMBER) {
        if (column === NUMBER_COLUMN) {
          const v = fastDecimal(b, s, e);
          builder.pushValue(Number.isNaN(v) ? Number(b.toString('latin1', s, e)) : v, line);
        } else if (printsAsWritten(b, s, e)) builder.push(b, s, e, line);
        else builder.pushValue(numberValue(b, s, e, b, ls, le), line);
      } else if (token === TRUE || token === FALSE) {
        // Text columns get the literal's bytes (`true`), as String(true) gives.
        if (column === TEXT_COLUMN) builder.push(b, s, e, line);
        else builder.pushValue(token === TRUE, line);
      } else builder.pushValue(token === NULL ? null : undefined, line);
    }
  };

  /** The lines of b[from, to): each ends with LF, but the last one when `to` is the end of the input. */
  const lines = function* (b: Buffer, from: number, to: number): Generator<RecordBatch> {
    let s = from;
    while (s < to) {
      let nl = b.indexOf(LF, s);
      if (nl < 0 || nl >= to) nl = to;
      line++;
      if (emitter && scanner!.scan(b, s, nl)) byteLine(b, s, nl);
      else if (!textLine(b, s, nl)) {
        s = nl + 1;
        continue;
      }
      s = nl + 1;
      const batch = emitter!.endRow(line + 1);
      if (batch) yield batch;
    }
  };

  let tail: Buffer = EMPTY;
  let pending: Buffer[] = [];
  let held = 0;
  let wanted = MIN_SCAN_BYTES;
  for await (const chunk of chunks) {
    pending.push(chunk);
    held += chunk.length;
    if (held < wanted) continue;
    const bytes = tail.length === 0 && pending.length === 1 ? pending[0]! : Buffer.concat([tail, ...pending]);
    pending = [];
    const last = bytes.lastIndexOf(LF);
    if (last < 0) {
      // A line longer than what is held: wait for twice as much, so a long line costs linear time.
      tail = bytes;
      held = bytes.length;
      wanted = bytes.length * 2;
      continue;
    }
    yield* lines(bytes, 0, last + 1);
    tail = bytes.subarray(last + 1);
    held = tail.length;
    wanted = MIN_SCAN_BYTES;
  }
  const rest = Buffer.concat([tail, ...pending]);
  yield* lines(rest, 0, rest.length);

  if (!emitter) throw new UserError(`${source} has no records.`);
  if (requested !== '*') {
    let p = 0;
    for (const [name, request] of requested) {
      if (!request.optional && !seen[p]) throw missingColumn(name, object, [], options.inputName);
      p++;
    }
  }
  const last = emitter.finish();
  if (last) yield last;
}
