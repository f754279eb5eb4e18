import { open } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { UserError } from '@mlops-actions/core';
import {
  type AsyncBuffer,
  type ColumnData,
  type DecodedArray,
  type FileMetaData,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ColumnBuilder } from './columns.js';
import { DEFAULT_BATCH } from './emit.js';
import { type ChunkTask, decodeChunk } from './parquet-chunk.js';
import type { ReadProgress } from './progress.js';
import { type ColumnRequests, pickColumns } from './select.js';
import { openSource, type SourceObject } from './sources.js';
import type { BytesColumn, Column, ColumnRequest, ReadOptions, RecordBatch } from './types.js';

/** Timestamps and dates become epoch milliseconds, the data layer's timestamp unit. */
const parsers = {
  timestampFromMilliseconds: (v: bigint) => Number(v),
  timestampFromMicroseconds: (v: bigint) => Number(v) / 1e3,
  timestampFromNanoseconds: (v: bigint) => Number(v) / 1e6,
  dateFromDays: (days: number) => days * 86_400_000,
};

/**
 * Random access to a local file or an S3 object (ranged GETs), as the Parquet reader needs; with `progress`, the
 * bytes fetched are counted (ReadProgress.ranges).
 */
export async function asyncBuffer(
  object: SourceObject,
  s3: S3Client | undefined,
  progress?: ReadProgress,
): Promise<{ file: AsyncBuffer; close(): Promise<void> }> {
  const gzipped = object.name.endsWith('.gz');
  if (gzipped) {
    // A gzip-wrapped Parquet file has no random access: inflate it whole (Parquet compresses inside; this is rare).
    const chunks: Buffer[] = [];
    const opened = await openSource(object, s3);
    for await (const chunk of progress ? progress.track(opened, object) : opened)
      chunks.push(chunk as Buffer);
    const bytes = gunzipSync(Buffer.concat(chunks));
    const whole = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return {
      file: { byteLength: whole.byteLength, slice: (s, e) => whole.slice(s, e) },
      close: async () => {},
    };
  }
  const source = await randomAccess(object, s3);
  return progress ? progress.ranges(source, object) : source;
}

async function randomAccess(
  object: SourceObject,
  s3: S3Client | undefined,
): Promise<{ file: AsyncBuffer; close(): Promise<void> }> {
  if (object.kind === 'file') {
    const handle = await open(object.path, 'r');
    const { size } = await handle.stat();
    return {
      file: {
        byteLength: size,
        async slice(start: number, end = size) {
          const buffer = Buffer.alloc(end - start);
          let read = 0;
          while (read < buffer.length) {
            const { bytesRead } = await handle.read(buffer, read, buffer.length - read, start + read);
            if (bytesRead === 0) break;
            read += bytesRead;
          }
          return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + read) as ArrayBuffer;
        },
      },
      close: () => handle.close(),
    };
  }
  const head = await s3!.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key }));
  const size = head.ContentLength ?? 0;
  return {
    file: {
      byteLength: size,
      async slice(start: number, end = size) {
        const response = await s3!.send(
          new GetObjectCommand({
            Bucket: object.bucket,
            Key: object.key,
            Range: `bytes=${start}-${end - 1}`,
            IfMatch: head.ETag,
          }),
        );
        const bytes = await response.Body!.transformToByteArray();
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      },
    },
    close: async () => {},
  };
}

function isTyped(data: DecodedArray): data is Exclude<DecodedArray, unknown[]> {
  return ArrayBuffer.isView(data);
}

/** One column of rows [from, to) of a decoded chunk, parsed as requested. */
function buildColumn(
  name: string,
  request: ColumnRequest,
  chunk: ColumnData,
  from: number,
  to: number,
  source: string,
  timestamp: boolean,
): Column {
  const data = chunk.columnData;
  const offset = from - chunk.rowStart;
  const length = to - from;
  if (
    isTyped(data) &&
    !(data instanceof BigInt64Array) &&
    !(data instanceof BigUint64Array) &&
    (request.type === 'number' || request.type === 'auto')
  ) {
    const values = new Float64Array(length);
    for (let i = 0; i < length; i++) values[i] = data[offset + i] as number;
    if (!request.allowNonFinite) {
      for (let i = 0; i < length; i++)
        if (!Number.isFinite(values[i]!))
          throw new UserError(
            `${source}, row ${from + i + 1}, column "${name}": ${values[i]} is not a finite number.`,
            { hint: 'Remove or fix the row (NaN and infinities cannot be scored).' },
          );
    }
    return { kind: 'number', values };
  }
  const builder = new ColumnBuilder(name, request.type, length, request.allowNonFinite);
  for (let i = 0; i < length; i++) {
    let cell: unknown = data[offset + i];
    // INT64 ids beyond 2^53 would round as doubles (two ids joining as one): a text column keeps every digit.
    if (typeof cell === 'bigint') cell = request.type === 'string' ? cell.toString() : Number(cell);
    else if (cell instanceof Date) cell = cell.getTime();
    else if (cell instanceof Uint8Array) cell = Buffer.from(cell).toString('utf8');
    else if (cell !== null && typeof cell === 'object') cell = JSON.stringify(cell);
    if (request.type === 'string' && typeof cell === 'number' && timestamp)
      cell = new Date(cell).toISOString();
    builder.push(cell, source, from + i + 1);
  }
  return builder.build();
}

/**
 * Parquet objects, one row group at a time (bounded memory), as columnar batches. Record numbers are 1-based rows.
 * `progress` counts the bytes fetched.
 * `decode` is the typed column-chunk decoder (tests pass one that declines, to compare with hyparquet's path).
 */
export async function* readParquetObject(
  object: SourceObject,
  requested: ColumnRequests,
  options: ReadOptions,
  progress?: ReadProgress,
  decode: (task: ChunkTask) => Promise<(Column | BytesColumn)[] | undefined> = decodeChunk,
): AsyncGenerator<RecordBatch> {
  const { file, close } = await asyncBuffer(object, options.s3, progress);
  try {
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(file, { parsers });
    } catch (error) {
      throw new UserError(`${object.name} is not a readable Parquet file (${(error as Error).message}).`, {
        hint: 'Check that the object is a complete Parquet file, or name CSV / JSON Lines files by their extension.',
      });
    }
    const schema = parquetSchema(metadata);
    const available = schema.children.map((c) => c.element.name);
    const timestampNames = new Set(
      schema.children
        .filter(
          (c) =>
            c.element.logical_type?.type === 'TIMESTAMP' ||
            c.element.logical_type?.type === 'DATE' ||
            c.element.converted_type === 'TIMESTAMP_MILLIS' ||
            c.element.converted_type === 'TIMESTAMP_MICROS' ||
            c.element.converted_type === 'DATE',
        )
        .map((c) => c.element.name),
    );
    const picks = pickColumns(requested, available, object, options.inputName);
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    let groupStart = 0;
    const elements = new Map(schema.children.map((c) => [c.element.name, c.element]));
    for (const group of metadata.row_groups) {
      const groupRows = Number(group.num_rows);
      const groupEnd = groupStart + groupRows;
      // Flat columns in the common encodings are decoded here into typed batches; the rest through hyparquet.
      const decoded = new Map<string, (Column | BytesColumn)[]>();
      for (const { name, request } of picks) {
        const meta = group.columns.find((c) => c.meta_data?.path_in_schema.join('.') === name)?.meta_data;
        const element = elements.get(name);
        if (!meta || !element || groupRows === 0) continue;
        const columns = await decode({
          file,
          meta,
          element,
          name,
          request,
          rows: groupRows,
          batchSize,
          firstRecord: groupStart + 1,
          source: object.name,
        });
        if (columns) decoded.set(name, columns);
      }
      const rest = picks.filter((p) => !decoded.has(p.name));
      const chunks = new Map<string, ColumnData[]>();
      if (rest.length > 0) {
        await parquetRead({
          file,
          metadata,
          columns: rest.map((p) => p.name),
          rowStart: groupStart,
          rowEnd: groupEnd,
          compressors,
          parsers,
          onChunk(chunk) {
            const list = chunks.get(chunk.columnName) ?? [];
            list.push(chunk);
            chunks.set(chunk.columnName, list);
          },
        });
      }
      // A column of a row group can arrive in several chunks (one per page or batch): join them.
      for (const [name, list] of chunks) if (list.length > 1) chunks.set(name, [joinChunks(list)]);
      for (let from = groupStart, k = 0; from < groupEnd; from += batchSize, k++) {
        const to = Math.min(groupEnd, from + batchSize);
        const columns = new Map<string, Column>();
        let bytes: Map<string, BytesColumn> | undefined;
        for (const { name, request } of picks) {
          const fast = decoded.get(name)?.[k];
          if (fast?.kind === 'bytes') {
            bytes ??= new Map();
            bytes.set(name, fast);
            continue;
          }
          if (fast) {
            columns.set(name, fast);
            continue;
          }
          const chunk = (chunks.get(name) ?? []).find((c) => c.rowStart <= from && c.rowEnd >= to);
          if (!chunk)
            throw new Error(`Parquet reader returned no data for column ${name} rows ${from}-${to}`);
          columns.set(
            name,
            buildColumn(name, request, chunk, from, to, object.name, timestampNames.has(name)),
          );
        }
        const batch: RecordBatch = { length: to - from, columns, source: object.name, firstRecord: from + 1 };
        if (bytes) batch.bytes = bytes;
        yield batch;
      }
      groupStart = groupEnd;
    }
  } finally {
    await close();
  }
}

/** One chunk from consecutive chunks of a column (typed arrays joined as typed arrays). */
function joinChunks(list: ColumnData[]): ColumnData {
  const sorted = [...list].sort((a, b) => a.rowStart - b.rowStart);
  const parts = sorted.map((c) => c.columnData);
  const total = parts.reduce((n, p) => n + p.length, 0);
  const first = parts[0] as unknown;
  let data: ColumnData['columnData'];
  if (ArrayBuffer.isView(first) && parts.every((p) => p.constructor === (first as object).constructor)) {
    const Ctor = (
      first as unknown as { constructor: new (n: number) => { set(a: ArrayLike<unknown>, o: number): void } }
    ).constructor;
    const out = new Ctor(total);
    let offset = 0;
    for (const p of parts) {
      out.set(p as ArrayLike<unknown>, offset);
      offset += p.length;
    }
    data = out as unknown as ColumnData['columnData'];
  } else {
    const out: unknown[] = new Array(total);
    let offset = 0;
    for (const p of parts) for (let i = 0; i < p.length; i++) out[offset++] = (p as ArrayLike<unknown>)[i];
    data = out as ColumnData['columnData'];
  }
  return {
    columnName: sorted[0]!.columnName,
    columnData: data,
    rowStart: sorted[0]!.rowStart,
    rowEnd: sorted.at(-1)!.rowEnd,
  };
}
