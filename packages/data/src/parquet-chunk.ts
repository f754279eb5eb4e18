import type { AsyncBuffer, ColumnMetaData, SchemaElement } from 'hyparquet';
import { byteColumnBuilder } from './byte-columns.js';
import { type Cursor, canInflate, inflate, readHybrid, readPageHeader } from './parquet-pages.js';
import type { BytesColumn, Column, ColumnRequest } from './types.js';

/**
 * One flat column chunk of a row group decoded from its pages straight into the batches' typed columns: numbers
 * into Float64Arrays, text cells handed as byte ranges to the CSV reader's byte builders (numbers and timestamps
 * parsed from bytes, strings interned), so no JS value is made per cell. Returns undefined for what it does not
 * decode (nested or repeated columns, booleans, decimals, dates, DELTA_* / BYTE_STREAM_SPLIT pages, non-finite
 * numbers, timestamps before 1973 that the text path would read as seconds), and the caller reads that chunk through hyparquet as before,
 * so values and messages stay the same either way.
 */

/** What a column's physical and logical type is decoded as, or undefined when not here. */
type Kind = 'text' | 'double' | 'float' | 'int32' | 'int64' | { timestampDivisor: number };

const SIGNED_INTEGER = new Set(['INT_8', 'INT_16', 'INT_32', 'INT_64']);

function kindOf(element: SchemaElement, request: ColumnRequest): Kind | undefined {
  const logical = element.logical_type;
  const converted = element.converted_type;
  const numeric = request.type === 'number' || request.type === 'auto';
  switch (element.type) {
    case 'BYTE_ARRAY':
      if ((logical && logical.type !== 'STRING') || (converted && converted !== 'UTF8')) return undefined;
      return 'text';
    case 'DOUBLE':
      return numeric && !logical && !converted ? 'double' : undefined;
    case 'FLOAT':
      return numeric && !logical && !converted ? 'float' : undefined;
    case 'INT32':
    case 'INT64': {
      const integer =
        (!logical || (logical.type === 'INTEGER' && logical.isSigned)) &&
        (!converted || SIGNED_INTEGER.has(converted));
      if (integer) return numeric ? (element.type === 'INT32' ? 'int32' : 'int64') : undefined;
      if (element.type !== 'INT64' || request.type !== 'timestamp') return undefined;
      if (logical?.type === 'TIMESTAMP')
        return { timestampDivisor: logical.unit === 'MILLIS' ? 1 : logical.unit === 'MICROS' ? 1e3 : 1e6 };
      if (!logical && converted === 'TIMESTAMP_MILLIS') return { timestampDivisor: 1 };
      if (!logical && converted === 'TIMESTAMP_MICROS') return { timestampDivisor: 1e3 };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Thrown inside the decoder to hand the chunk back to hyparquet. */
class Unsupported extends Error {}

/** Rows of one batch of a numeric column. */
class NumberBatch {
  values: Float64Array;
  missing: Uint8Array | undefined;
  constructor(length: number) {
    this.values = new Float64Array(length);
  }
}

/** Everything the decoder needs about one chunk. */
export interface ChunkTask {
  file: AsyncBuffer;
  meta: ColumnMetaData;
  element: SchemaElement;
  name: string;
  request: ColumnRequest;
  rows: number;
  batchSize: number;
  /** 1-based record number of the group's first row (error messages). */
  firstRecord: number;
  source: string;
}

/** The chunk's columns, one per batch of `batchSize` rows, or undefined when hyparquet must read it. */
export async function decodeChunk(task: ChunkTask): Promise<(Column | BytesColumn)[] | undefined> {
  const { meta, element, request } = task;
  const kind = kindOf(element, request);
  if (kind === undefined || element.repetition_type === 'REPEATED' || meta.path_in_schema.length !== 1)
    return;
  if (!canInflate(meta.codec)) return;
  const dictionaryAt = meta.dictionary_page_offset;
  const start = Number(
    dictionaryAt && dictionaryAt < meta.data_page_offset ? dictionaryAt : meta.data_page_offset,
  );
  const bytes = new Uint8Array(await task.file.slice(start, start + Number(meta.total_compressed_size)));
  try {
    return decodePages(task, kind, bytes, element.repetition_type === 'OPTIONAL');
  } catch (error) {
    if (error instanceof Unsupported) return;
    throw error;
  }
}

function decodePages(
  task: ChunkTask,
  kind: Kind,
  bytes: Uint8Array,
  optional: boolean,
): (Column | BytesColumn)[] {
  const { rows, batchSize, meta } = task;
  const columns: (Column | BytesColumn)[] = [];
  const text =
    kind === 'text' ? byteColumnBuilder(task.name, task.request, batchSize, task.source) : undefined;
  let numbers: NumberBatch | undefined;
  let row = 0;
  let batchStart = 0;
  let batchEnd = Math.min(batchSize, rows);
  const endRow = () => {
    row++;
    if (row !== batchEnd) return;
    if (text) columns.push(text.build());
    else {
      const { values, missing } = numbers!;
      columns.push(missing ? { kind: 'number', values, missing } : { kind: 'number', values });
      numbers = undefined;
    }
    batchStart = batchEnd;
    batchEnd = Math.min(batchEnd + batchSize, rows);
  };
  // Dictionary: numbers decoded once; text kept as byte ranges of the dictionary page.
  let dictionary: { page: Buffer; starts: Int32Array; ends: Int32Array; numbers?: Float64Array } | undefined;
  const cursor: Cursor = { b: bytes, at: 0 };
  const empty = Buffer.alloc(0);
  let levels = new Int32Array(0);
  let indices = new Int32Array(0);
  while (row < rows) {
    if (cursor.at >= bytes.length)
      throw new Error(`column ${task.name}: pages ended after ${row} of ${rows} rows`);
    const header = readPageHeader(cursor);
    const bodyStart = cursor.at;
    cursor.at += header.compressedSize;
    if (header.type === 1) continue;
    if (header.type === 2) {
      if (header.encoding !== 0 && header.encoding !== 2) throw new Unsupported();
      const page = inflate(meta.codec, bytes.subarray(bodyStart, cursor.at), header.uncompressedSize);
      dictionary = plainValues(
        kind,
        Buffer.from(page.buffer, page.byteOffset, page.byteLength),
        header.numValues,
      );
      continue;
    }
    if (header.type !== 0 && header.type !== 3) throw new Unsupported();
    let page: Uint8Array;
    let at = 0;
    const n = header.numValues;
    if (levels.length < n) levels = new Int32Array(n);
    if (header.type === 3) {
      // v2: levels uncompressed ahead of the (maybe compressed) values.
      if (header.repetitionBytes !== 0) throw new Unsupported();
      const levelEnd = bodyStart + header.definitionBytes;
      if (optional) readHybrid({ b: bytes, at: bodyStart }, levelEnd, 1, levels, n);
      const body = bytes.subarray(levelEnd, cursor.at);
      const size = header.uncompressedSize - header.definitionBytes;
      page = header.compressed ? inflate(meta.codec, body, size) : body;
    } else {
      page = inflate(meta.codec, bytes.subarray(bodyStart, cursor.at), header.uncompressedSize);
      if (optional) {
        if (header.definitionEncoding !== 3) throw new Unsupported();
        const length = page[0]! | (page[1]! << 8) | (page[2]! << 16) | (page[3]! << 24);
        readHybrid({ b: page, at: 4 }, 4 + length, 1, levels, n);
        at = 4 + length;
      }
    }
    if (!optional) levels.fill(1, 0, n);
    let present = 0;
    for (let k = 0; k < n; k++) present += levels[k]!;
    const b = Buffer.from(page.buffer, page.byteOffset, page.byteLength);
    let values: { page: Buffer; starts: Int32Array; ends: Int32Array; numbers?: Float64Array };
    if (header.encoding === 0) values = plainValues(kind, b.subarray(at), present);
    else if (header.encoding === 2 || header.encoding === 8) {
      if (!dictionary) throw new Error(`column ${task.name}: dictionary-encoded page without a dictionary`);
      if (indices.length < present) indices = new Int32Array(present);
      const width = b[at]!;
      if (width > 32) throw new Error(`column ${task.name}: dictionary index width ${width}`);
      readHybrid({ b, at: at + 1 }, b.length, width, indices, present);
      values = dictionary;
    } else throw new Unsupported();
    const viaDictionary = values === dictionary;
    const size = viaDictionary ? (values.numbers?.length ?? values.starts.length) : present;
    for (let k = 0; k < present; k++)
      if (viaDictionary && indices[k]! >>> 0 >= size)
        throw new Error(`column ${task.name}: dictionary index ${indices[k]} out of range`);
    let v = 0;
    let k = 0;
    if (!text && present === n) {
      // No nulls: plain values copied, dictionary values looked up, a batch segment at a time.
      const source = values.numbers!;
      while (k < n && row < rows) {
        numbers ??= new NumberBatch(batchEnd - batchStart);
        const take = Math.min(n - k, batchEnd - row);
        const out = numbers.values;
        const at = row - batchStart;
        if (viaDictionary) for (let j = 0; j < take; j++) out[at + j] = source[indices[v + j]!]!;
        else out.set(source.subarray(v, v + take), at);
        v += take;
        k += take;
        row += take - 1;
        endRow();
      }
    }
    for (; k < n && row < rows; k++) {
      const slot = levels[k] === 1 ? (viaDictionary ? indices[v++]! : v++) : -1;
      if (text) {
        if (slot < 0) text.push(empty, 0, 0, task.firstRecord + row);
        else text.push(values.page, values.starts[slot]!, values.ends[slot]!, task.firstRecord + row);
      } else {
        numbers ??= new NumberBatch(batchEnd - batchStart);
        const i = row - batchStart;
        if (slot < 0) {
          numbers.values[i] = Number.NaN;
          numbers.missing ??= new Uint8Array(numbers.values.length);
          numbers.missing[i] = 1;
        } else numbers.values[i] = values.numbers![slot]!;
      }
      endRow();
    }
  }
  return columns;
}

/**
 * `count` PLAIN values: numbers converted to float64 (integers beyond 2^53 rounded as `Number` rounds them, as the
 * hyparquet path did); text as byte ranges of the page.
 */
function plainValues(
  kind: Kind,
  page: Buffer,
  count: number,
): { page: Buffer; starts: Int32Array; ends: Int32Array; numbers?: Float64Array } {
  const none = new Int32Array(0);
  if (kind === 'text') {
    const starts = new Int32Array(count);
    const ends = new Int32Array(count);
    let at = 0;
    for (let k = 0; k < count; k++) {
      const length = page[at]! | (page[at + 1]! << 8) | (page[at + 2]! << 16) | (page[at + 3]! << 24);
      at += 4;
      if (length < 0 || at + length > page.length) throw new Error('BYTE_ARRAY value runs past its page');
      starts[k] = at;
      at += length;
      ends[k] = at;
    }
    return { page, starts, ends };
  }
  const width = kind === 'float' || kind === 'int32' ? 4 : 8;
  if (page.length < count * width) throw new Error('values run past their page');
  // Copied to an aligned buffer once, then read through typed views (Parquet and every Node.js host are little-endian).
  const aligned = new Uint8Array(count * width);
  aligned.set(page.subarray(0, count * width));
  let numbers: Float64Array;
  if (kind === 'double') numbers = new Float64Array(aligned.buffer);
  else if (kind === 'float') numbers = Float64Array.from(new Float32Array(aligned.buffer));
  else if (kind === 'int32') numbers = Float64Array.from(new Int32Array(aligned.buffer));
  else {
    numbers = new Float64Array(count);
    const halves = new Int32Array(aligned.buffer);
    const timestamp = typeof kind === 'object';
    const divisor = timestamp ? kind.timestampDivisor : 1;
    for (let k = 0; k < count; k++) {
      // hi × 2^32 is exact and the one addition rounds once: the double nearest the int64, as Number(bigint) gives.
      const v = (halves[2 * k + 1]! * 4294967296 + (halves[2 * k]! >>> 0)) / divisor;
      // Timestamps: the same division as hyparquet's parsers (fractions of a millisecond kept, as the text path keeps
      // them); the text path reads epoch values below 1e11 as seconds, so those chunks are left to it.
      if (timestamp && Math.abs(v) < 1e11) throw new Unsupported();
      numbers[k] = v;
    }
  }
  for (let k = 0; k < count; k++) if (!Number.isFinite(numbers[k]!)) throw new Unsupported();
  return { page, starts: none, ends: none, numbers };
}
