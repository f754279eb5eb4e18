import { UserError } from '@mlops-actions/core';
import { BadRecord } from './capture.js';
import { BatchEmitter } from './emit.js';
import { type ColumnRequests, missingColumn } from './select.js';
import type { SourceObject } from './sources.js';
import type { ColumnRequest, ReadOptions, RecordBatch } from './types.js';

/**
 * Read a dotted path (`eventMetadata.eventId`) from a parsed JSON object. Own keys only: a column named
 * `constructor` or `toString` must not find Object.prototype's functions when the record has no such key.
 */
function getPath(record: unknown, path: string): unknown {
  if (record !== null && typeof record === 'object' && Object.hasOwn(record, path))
    return (record as Record<string, unknown>)[path];
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

// Sixteen digits in a row: the only lines that can hold an integer beyond 2^53 (9007199254740991 has 16 digits).
const LONG_DIGITS = /\d{16}/;

/**
 * One JSON Lines record, with integers beyond 2^53 kept as their digits (text): as doubles, two different ids can
 * round to one value and join as one. Column parsing turns the text back into a number where a number is asked for,
 * so only ids (string columns) see the difference. The reviver costs time, so only lines with a long digit run use it.
 */
function parseJsonLine(text: string): unknown {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || Number.isSafeInteger(value)) return value;
    // context.source (the value's own text) needs Node.js 22 or newer; the actions run on Node 24.
    if (context?.source === undefined)
      throw new UserError(
        `The integer ${value} is beyond 2^53 and this Node.js cannot read its exact digits.`,
        {
          hint: 'Run on Node.js 22 or newer, or write ids as JSON strings ("id": "…").',
        },
      );
    return context.source;
  });
}

/**
 * The object on one JSON Lines line (`text` trimmed, not blank), read by JSON.parse: the text reader's meaning and
 * messages, which the byte reader (jsonl-bytes.ts) falls back to for any line outside its shapes.
 */
export function lineRecord(text: string, line: number, source: string): Record<string, unknown> {
  let record: unknown;
  try {
    record = parseJsonLine(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    if (error instanceof UserError)
      throw new UserError(`${source}, line ${line}: ${error.message}`, { hint: error.hint });
    throw new UserError(`${source}, line ${line}: not valid JSON.`, {
      hint: 'JSON Lines files hold one JSON object per line.',
    });
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record))
    throw new UserError(`${source}, line ${line}: expected a JSON object per line.`);
  return record as Record<string, unknown>;
}

/** A requested column's cell of a record (undefined when absent); a nested object or array is an error. */
export function columnValue(record: unknown, name: string, line: number, source: string): unknown {
  const value = getPath(record, name);
  if (value !== null && typeof value === 'object') {
    throw new UserError(
      `${source}, line ${line}, column "${name}": expected a value, found a nested ${Array.isArray(value) ? 'array' : 'object'}.`,
    );
  }
  return value;
}

/** The lines of a text stream with their 1-based numbers (a last line without a newline included if not blank). */
async function* jsonlLines(chunks: AsyncIterable<string>): AsyncGenerator<{ text: string; line: number }> {
  let buffer = '';
  let line = 0;
  for await (const chunk of chunks) {
    buffer += chunk;
    let nl = buffer.indexOf('\n');
    let start = 0;
    while (nl >= 0) {
      line++;
      yield { text: buffer.slice(start, nl), line };
      start = nl + 1;
      nl = buffer.indexOf('\n', start);
    }
    buffer = buffer.slice(start);
  }
  if (buffer.trim()) yield { text: buffer, line: line + 1 };
}

/**
 * Columnar batches of SageMaker data capture / ground truth JSON Lines text, one object per line (record numbers are
 * line numbers), each flattened into columns by `flatten`: a malformed record is skipped with a warning, up to
 * `maxBadRecords`. Plain JSON Lines are read from bytes (jsonl-bytes.ts).
 */
export async function* jsonlBatches(
  chunks: AsyncIterable<string>,
  object: SourceObject,
  requested: ColumnRequests,
  batchSize: number,
  options: ReadOptions,
  flatten: (record: Record<string, unknown>) => Record<string, unknown>,
): AsyncGenerator<RecordBatch> {
  let bad = 0;
  const maxBad = options.maxBadRecords ?? 0;
  const skipBad = (line: number, why: string) => {
    bad++;
    const message = `${object.name}, line ${line}: malformed record (${why}).`;
    if (bad > maxBad)
      throw new UserError(
        `${message} ${bad} malformed record(s) so far, more than max-bad-records (${maxBad}).`,
        {
          hint: 'Fix the records, or raise max-bad-records to skip them with a warning.',
        },
      );
    options.onWarning?.(`${message} Skipped (${bad} of at most ${maxBad}).`);
  };
  // Made at the first record: with '*' the columns are that record's keys.
  let emitter: BatchEmitter | undefined;
  const seen = new Set<string>();
  for await (const { text, line } of jsonlLines(chunks)) {
    const trimmed = text.trim();
    if (!trimmed) continue;
    let record: unknown;
    try {
      record = parseJsonLine(trimmed.charCodeAt(0) === 0xfeff ? trimmed.slice(1) : trimmed);
    } catch (error) {
      if (error instanceof UserError)
        throw new UserError(`${object.name}, line ${line}: ${error.message}`, { hint: error.hint });
      skipBad(line, 'not valid JSON');
      continue;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      skipBad(line, 'not a JSON object');
      continue;
    }
    try {
      record = flatten(record as Record<string, unknown>);
    } catch (error) {
      if (!(error instanceof BadRecord)) throw error;
      skipBad(line, error.message);
      continue;
    }
    if (!emitter) {
      const columns: { name: string; request: ColumnRequest }[] =
        requested === '*'
          ? Object.keys(record as object).map((name) => ({ name, request: { type: 'auto' } }))
          : [...requested].map(([name, request]) => ({ name, request }));
      emitter = new BatchEmitter(object.name, columns, batchSize, line);
    }
    const columns = emitter.columns;
    for (let p = 0; p < columns.length; p++) {
      const name = columns[p]!.name;
      const value = columnValue(record, name, line, object.name);
      if (value !== undefined) seen.add(name);
      emitter.cell(p, value, line);
    }
    const batch = emitter.endRow(line + 1);
    if (batch) yield batch;
  }
  if (!emitter) throw new UserError(`${object.name} has no records.`);
  if (requested !== '*') {
    for (const [name, request] of requested) {
      if (!request.optional && !seen.has(name)) throw missingColumn(name, object, [], options.inputName);
    }
  }
  const last = emitter.finish();
  if (last) yield last;
}
