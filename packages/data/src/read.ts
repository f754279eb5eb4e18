import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UserError } from '@mlops-actions/core';
import { BadRecord, flattenCapture, flattenGroundTruth } from './capture.js';
import { ColumnBuilder } from './columns.js';
import { listSources, openSource, type SourceObject } from './sources.js';
import type { ColumnRequest, ColumnType, Format, ReadOptions, RecordBatch } from './types.js';

const DEFAULT_BATCH = 65_536;

/** Index of the first byte that starts an invalid UTF-8 sequence (the chunk length when none is found). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n =
      b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      if (i + k >= bytes.length) return bytes.length; // a sequence split at the chunk end is not the error
      if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return bytes.length;
}

/** The format of an object from its name (ignoring `.gz`), or undefined to sniff the content. */
export function formatFromName(name: string): 'csv' | 'tsv' | 'jsonl' | 'parquet' | undefined {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  if (base.endsWith('.csv')) return 'csv';
  if (base.endsWith('.tsv')) return 'tsv';
  if (base.endsWith('.jsonl') || base.endsWith('.ndjson') || base.endsWith('.json')) return 'jsonl';
  if (base.endsWith('.parquet')) return 'parquet';
  return undefined;
}

/** Decompress when the stream starts with the gzip magic bytes; yields text chunks decoded as strict UTF-8. */
async function* textChunks(stream: Readable, source: string): AsyncGenerator<string> {
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head = first.value as Buffer;
  let body: AsyncIterable<Buffer>;
  const rest = { [Symbol.asyncIterator]: () => iterator } as AsyncIterable<Buffer>;
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip({ chunkSize: 1 << 18 }); // larger output chunks: fewer parser round trips
    (async () => {
      try {
        gunzip.write(head);
        for await (const chunk of rest)
          if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
        gunzip.end();
      } catch (error) {
        gunzip.destroy(error as Error);
      }
    })();
    body = gunzip;
  } else {
    body = (async function* () {
      yield head;
      yield* rest;
    })();
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  let current: Uint8Array | undefined;
  try {
    for await (const chunk of body) {
      current = chunk;
      yield decoder.decode(chunk, { stream: true });
      offset += chunk.length;
    }
    current = undefined;
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch (error) {
    // Recognised by Node's error codes, not their wording.
    const code = (error as { code?: string }).code;
    if (code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      const at = offset + (current ? firstInvalidUtf8(current) : 0);
      throw new UserError(`${source}: the file is not valid UTF-8 (byte ${at}).`, {
        hint: 'Re-export it as UTF-8.',
      });
    }
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      throw new UserError(`${source}: the gzip data is corrupt or truncated.`);
    }
    throw error;
  }
}

/**
 * Records of a CSV/TSV text stream as arrays of cells, with the line each starts on (header is line 1), yielded in
 * groups (one per input chunk) so the per-record cost is a loop step, not an async-iterator round trip.
 */
export async function* csvRecords(
  chunks: AsyncIterable<string>,
  delimiter: string,
): AsyncGenerator<{ cells: string[]; line: number }[]> {
  let buffer = '';
  let line = 1;
  let first = true;
  for await (const chunk of chunks) {
    buffer += chunk;
    if (first && buffer.length > 0) {
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
      first = false;
    }
    const out: { cells: string[]; line: number }[] = [];
    let pos = 0;
    // The next quote at or after pos (-1: none in the buffer), searched once per quote rather than once per line.
    let quoteAt = buffer.indexOf('"');
    for (;;) {
      if (quoteAt >= 0 && quoteAt < pos) quoteAt = buffer.indexOf('"', pos);
      const parsed = parseRecord(buffer, pos, delimiter, false, quoteAt);
      if (!parsed) break;
      if (!(parsed.cells.length === 1 && parsed.cells[0] === '')) out.push({ cells: parsed.cells, line });
      line += parsed.newlines;
      pos = parsed.next;
    }
    if (out.length) yield out;
    buffer = buffer.slice(pos);
  }
  if (buffer.length > 0) {
    const parsed = parseRecord(buffer, 0, delimiter, true, buffer.indexOf('"'));
    if (parsed && !(parsed.cells.length === 1 && parsed.cells[0] === ''))
      yield [{ cells: parsed.cells, line }];
  }
}

/** Parse one record starting at `pos`; null when it needs more input (unless `final`). */
function parseRecord(
  text: string,
  pos: number,
  delimiter: string,
  final: boolean,
  quote: number,
): { cells: string[]; next: number; newlines: number } | null {
  const nl = text.indexOf('\n', pos);
  if (nl < 0 && !final) return null;
  const end = nl < 0 ? text.length : nl;
  if (quote < 0 || quote >= end) {
    // Fast path: no quote in this line.
    let lineText = text.slice(pos, end);
    if (lineText.endsWith('\r')) lineText = lineText.slice(0, -1);
    return { cells: lineText.split(delimiter), next: nl < 0 ? text.length : nl + 1, newlines: 1 };
  }
  const cells: string[] = [];
  let cell = '';
  let i = pos;
  let newlines = 0;
  let quoted = false;
  let cellStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        if (i + 1 >= text.length && !final) return null;
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n') newlines++;
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cellStart) {
      quoted = true;
      cellStart = false;
      i++;
      continue;
    }
    if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      cellStart = true;
      i++;
      continue;
    }
    if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      cells.push(cell);
      const next = ch === '\r' ? i + 2 : i + 1;
      return { cells, next, newlines: newlines + 1 };
    }
    if (ch === '\r' && i + 1 >= text.length && !final) return null;
    cell += ch;
    cellStart = false;
    i++;
  }
  if (!final) return null;
  if (quoted) throw new UserError('unterminated quoted field');
  cells.push(cell);
  return { cells, next: text.length, newlines: newlines + 1 };
}

function normalizeRequests(columns: ReadOptions['columns']): Record<string, ColumnRequest> | '*' {
  if (columns === '*') return '*';
  const out: Record<string, ColumnRequest> = {};
  for (const [name, request] of Object.entries(columns))
    out[name] = typeof request === 'string' ? { type: request as ColumnType } : request;
  return out;
}

/** The error for a requested column a source does not have, listing the columns it does have. */
export function missingColumn(
  name: string,
  object: SourceObject,
  available: string[],
  inputName?: string,
  single?: string,
): UserError {
  const input = inputName ? ` (input "${inputName}")` : '';
  let hint = `It has: ${available
    .slice(0, 30)
    .map((c) => JSON.stringify(c))
    .join(', ')}${available.length > 30 ? ', ...' : ''}. Set the matching *-column input.`;
  if (single && /[;\t|]/.test(single)) {
    const d = single.includes(';') ? ';' : single.includes('\t') ? 'tab' : '|';
    hint = `The header has a single column ${JSON.stringify(single.slice(0, 60))}: the file looks ${d}-delimited, but CSV must be comma-separated (use .tsv for tabs).`;
  }
  return new UserError(`Column "${name}" not found in ${object.name}${input}.`, { hint });
}

/** Stream columnar batches from every object a source names (see ReadOptions). */
export async function* readBatches(
  source: string | string[],
  options: ReadOptions,
): AsyncGenerator<RecordBatch> {
  const objects = await listSources(source, { s3: options.s3, inputName: options.inputName });
  for (const object of objects) yield* readObject(object, options);
}

/** Stream columnar batches from one object. */
export async function* readObject(object: SourceObject, options: ReadOptions): AsyncGenerator<RecordBatch> {
  const requested = normalizeRequests(options.columns);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const format: Format | 'tsv' =
    options.format && options.format !== 'auto' ? options.format : (formatFromName(object.name) ?? 'auto');
  if (format === 'parquet') {
    const { readParquetObject } = await import('./parquet.js');
    yield* readParquetObject(object, requested, options);
    return;
  }
  const stream = await openSource(object, options.s3);
  const chunks = textChunks(stream, object.name);
  let kind = format;
  let pending: string | undefined;
  if (kind === 'auto' || (kind === 'jsonl' && options.format !== 'jsonl')) {
    // Sniff: JSON Lines start with `{`; SageMaker Model Monitor records are JSON Lines with a known shape.
    const first = await chunks.next();
    pending = first.done ? '' : first.value;
    if (kind === 'auto') kind = /^\uFEFF?\s*\{/.test(pending) ? 'jsonl' : 'csv';
    if (kind === 'jsonl') {
      const head = pending.slice(0, 4096);
      if (/^\uFEFF?\s*\{[^\n]*"captureData"\s*:/.test(head)) kind = 'data-capture';
      else if (/^\uFEFF?\s*\{[^\n]*"groundTruthData"\s*:/.test(head)) kind = 'ground-truth';
    }
  }
  const all = (async function* () {
    if (pending !== undefined) yield pending;
    yield* chunks;
  })();
  if (kind === 'csv' || kind === 'tsv')
    yield* csvBatches(all, kind === 'tsv' ? '\t' : ',', object, requested, batchSize, options);
  else if (kind === 'jsonl') yield* jsonlBatches(all, object, requested, batchSize, options);
  else if (kind === 'data-capture')
    yield* jsonlBatches(all, object, requested, batchSize, options, flattenCapture);
  else if (kind === 'ground-truth')
    yield* jsonlBatches(all, object, requested, batchSize, options, flattenGroundTruth);
  else throw new UserError(`${object.name}: format "${kind}" is not supported here.`);
}

async function* csvBatches(
  chunks: AsyncIterable<string>,
  delimiter: string,
  object: SourceObject,
  requested: Record<string, ColumnRequest> | '*',
  batchSize: number,
  options: ReadOptions,
): AsyncGenerator<RecordBatch> {
  let header: string[] | undefined;
  let picks: { name: string; index: number; request: ColumnRequest }[] = [];
  let builders: ColumnBuilder[] = [];
  let firstRecord = 2;
  const fresh = () =>
    picks.map((p) => new ColumnBuilder(p.name, p.request.type, batchSize, p.request.allowNonFinite));
  const emit = (): RecordBatch => {
    const columns: RecordBatch['columns'] = {};
    for (const b of builders) columns[b.name] = b.build();
    const batch = { length: builders[0]?.length ?? 0, columns, source: object.name, firstRecord };
    return batch;
  };
  let rows = 0;
  let lastLine = 1;
  try {
    for await (const group of csvRecords(chunks, delimiter))
      for (const { cells, line } of group) {
        if (!header) {
          header = cells.map((c) => c.trim());
          const seen = new Set<string>();
          for (const h of header) {
            if (seen.has(h))
              throw new UserError(`${object.name}: the header has the column ${JSON.stringify(h)} twice.`);
            seen.add(h);
          }
          const wanted =
            requested === '*'
              ? Object.fromEntries(header.map((h) => [h, { type: 'auto' as const }]))
              : requested;
          picks = [];
          for (const [name, request] of Object.entries(wanted)) {
            const index = header.indexOf(name);
            if (index < 0) {
              if (request.optional) continue;
              throw missingColumn(
                name,
                object,
                header,
                options.inputName,
                header.length === 1 ? header[0] : undefined,
              );
            }
            picks.push({ name, index, request });
          }
          builders = fresh();
          continue;
        }
        lastLine = line;
        if (cells.length !== header.length) {
          throw new UserError(
            `${object.name}, line ${line}: expected ${header.length} fields like the header, found ${cells.length}.`,
            {
              hint: 'Check for an unquoted delimiter or a missing field; quote fields that contain commas or newlines.',
            },
          );
        }
        for (let p = 0; p < picks.length; p++) {
          builders[p]!.push(cells[picks[p]!.index]!, object.name, line);
        }
        rows++;
        if (builders.length > 0 && builders[0]!.length >= batchSize) {
          yield emit();
          builders = fresh();
          firstRecord = line + 1;
        } else if (builders.length === 0 && rows % batchSize === 0) {
          yield { length: batchSize, columns: {}, source: object.name, firstRecord };
          firstRecord = line + 1;
        }
      }
  } catch (error) {
    if (error instanceof UserError && error.message === 'unterminated quoted field') {
      throw new UserError(`${object.name}: a quoted field opened after line ${lastLine} is never closed.`);
    }
    throw error;
  }
  if (!header) throw new UserError(`${object.name} is empty: a CSV file needs a header line.`);
  const remaining = builders.length > 0 ? builders[0]!.length : rows % batchSize;
  if (remaining > 0) {
    if (builders.length > 0) yield emit();
    else yield { length: remaining, columns: {}, source: object.name, firstRecord };
  }
}

/** Read a dotted path (`eventMetadata.eventId`) from a parsed JSON object. */
export function getPath(record: unknown, path: string): unknown {
  if (record !== null && typeof record === 'object' && path in (record as object))
    return (record as Record<string, unknown>)[path];
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

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

async function* jsonlBatches(
  chunks: AsyncIterable<string>,
  object: SourceObject,
  requested: Record<string, ColumnRequest> | '*',
  batchSize: number,
  options: ReadOptions,
  flatten?: (record: Record<string, unknown>) => Record<string, unknown>,
): AsyncGenerator<RecordBatch> {
  let names: string[] | undefined = requested === '*' ? undefined : Object.keys(requested);
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
  let builders: ColumnBuilder[] = [];
  let firstRecord = 1;
  const seen = new Set<string>();
  const fresh = () =>
    names!.map((n) => {
      const r = requested === '*' ? { type: 'auto' as const } : requested[n]!;
      return new ColumnBuilder(n, r.type, batchSize, r.allowNonFinite);
    });
  let any = false;
  for await (const { text, line } of jsonlLines(chunks)) {
    const trimmed = text.trim();
    if (!trimmed) continue;
    let record: unknown;
    try {
      record = JSON.parse(trimmed.charCodeAt(0) === 0xfeff ? trimmed.slice(1) : trimmed);
    } catch {
      if (flatten) {
        skipBad(line, 'not valid JSON');
        continue;
      }
      throw new UserError(`${object.name}, line ${line}: not valid JSON.`, {
        hint: 'JSON Lines files hold one JSON object per line.',
      });
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      if (flatten) {
        skipBad(line, 'not a JSON object');
        continue;
      }
      throw new UserError(`${object.name}, line ${line}: expected a JSON object per line.`);
    }
    if (flatten) {
      try {
        record = flatten(record as Record<string, unknown>);
      } catch (error) {
        if (!(error instanceof BadRecord)) throw error;
        skipBad(line, error.message);
        continue;
      }
    }
    if (!names) names = Object.keys(record as object);
    if (builders.length === 0 || builders[0]!.length === 0) {
      if (builders.length === 0) builders = fresh();
      if (!any) firstRecord = line;
    }
    any = true;
    for (const b of builders) {
      const value = getPath(record, b.name);
      if (value !== undefined) seen.add(b.name);
      if (value !== null && typeof value === 'object') {
        throw new UserError(
          `${object.name}, line ${line}, column "${b.name}": expected a value, found a nested ${Array.isArray(value) ? 'array' : 'object'}.`,
        );
      }
      b.push(value, object.name, line);
    }
    if (builders[0] && builders[0].length >= batchSize) {
      yield emitBatch(builders, object, firstRecord);
      builders = fresh();
      firstRecord = line + 1;
    }
  }
  if (!any) throw new UserError(`${object.name} has no records.`);
  if (requested !== '*') {
    for (const [name, request] of Object.entries(requested)) {
      if (!request.optional && !seen.has(name)) throw missingColumn(name, object, [], options.inputName);
    }
  }
  if (builders[0] && builders[0].length > 0) yield emitBatch(builders, object, firstRecord);
}

function emitBatch(builders: ColumnBuilder[], object: SourceObject, firstRecord: number): RecordBatch {
  const columns: RecordBatch['columns'] = {};
  for (const b of builders) columns[b.name] = b.build();
  return { length: builders[0]?.length ?? 0, columns, source: object.name, firstRecord };
}

/** Column names of the first object of a source (its header, or the keys of its first JSON record). */
export async function readSchema(
  source: string | string[],
  options: Omit<ReadOptions, 'columns'>,
): Promise<string[]> {
  const [object] = await listSources(source, { s3: options.s3, inputName: options.inputName });
  for await (const batch of readObject(object!, { ...options, columns: '*', batchSize: 100 }))
    return Object.keys(batch.columns);
  return [];
}
