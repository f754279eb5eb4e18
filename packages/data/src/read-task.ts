import { readBatches } from './read.js';
import type { BytesColumn, Column, ColumnRequest, RecordBatch } from './types.js';

/** What a worker thread needs to read a source: plain data (no client, no callback). */
interface ReadColumnsInput {
  source: string;
  columns: [string, ColumnRequest][];
  inputName?: string;
  maxRecordBytes?: number;
  header?: string[];
}

function concatNumbers(parts: Column[], rows: number): Column {
  const values = new Float64Array(rows);
  let missing: Uint8Array | undefined;
  let at = 0;
  for (const part of parts) {
    if (part.kind !== 'number') throw new Error('a number column came back as text');
    values.set(part.values, at);
    if (part.missing) {
      missing ??= new Uint8Array(rows);
      missing.set(part.missing, at);
    }
    at += part.values.length;
  }
  return missing ? { kind: 'number', values, missing } : { kind: 'number', values };
}

function concatBytes(parts: BytesColumn[], rows: number): BytesColumn {
  const size = parts.reduce((n, p) => n + (p.offsets[p.offsets.length - 1]! - p.offsets[0]!), 0);
  const bytes = new Uint8Array(size);
  const offsets = new Uint32Array(rows + 1);
  let missing: Uint8Array | undefined;
  // Kept when every part has them (the CSV reader's): the join then need not hash the ids again.
  const hashes = parts.every((p) => p.hashes) ? new Int32Array(rows) : undefined;
  let row = 0;
  for (const part of parts) {
    const count = part.offsets.length - 1;
    hashes?.set(part.hashes!, row);
    const base = offsets[row]! - part.offsets[0]!;
    bytes.set(part.bytes.subarray(part.offsets[0]!, part.offsets[count]!), offsets[row]!);
    for (let i = 1; i <= count; i++) offsets[row + i] = part.offsets[i]! + base;
    if (part.missing) {
      missing ??= new Uint8Array(rows);
      missing.set(part.missing, row);
    }
    row += count;
  }
  const column: BytesColumn = { kind: 'bytes', bytes, offsets };
  if (missing) column.missing = missing;
  if (hashes) column.hashes = hashes;
  return column;
}

/**
 * Every row of a one-file source as a single batch (its columns concatenated into fresh typed arrays, which a
 * worker thread transfers instead of copying). Text columns stay arrays of strings: callers off the main thread
 * ask for numbers and bytes. `progress` is told bytes read as they grow.
 */
async function readColumns(input: ReadColumnsInput, progress: (bytes: number) => void): Promise<RecordBatch> {
  let reported = 0;
  const parts = new Map<string, Column[]>();
  const byteParts = new Map<string, BytesColumn[]>();
  let rows = 0;
  let source = input.source;
  let firstRecord = 1;
  for await (const batch of readBatches(input.source, {
    columns: new Map(input.columns),
    inputName: input.inputName,
    maxRecordBytes: input.maxRecordBytes,
    header: input.header,
    onProgress: (read) => {
      progress(read - reported);
      reported = read;
    },
  })) {
    if (rows === 0) ({ source, firstRecord } = batch);
    rows += batch.length;
    for (const [name, column] of batch.columns) {
      if (!parts.has(name)) parts.set(name, []);
      parts.get(name)!.push(column);
    }
    for (const [name, column] of batch.bytes ?? []) {
      if (!byteParts.has(name)) byteParts.set(name, []);
      byteParts.get(name)!.push(column);
    }
  }
  const columns: RecordBatch['columns'] = new Map();
  for (const [name, list] of parts) {
    columns.set(
      name,
      list[0]?.kind === 'string'
        ? { kind: 'string', values: list.flatMap((p) => (p as { values: (string | null)[] }).values) }
        : concatNumbers(list, rows),
    );
  }
  const bytes = new Map([...byteParts].map(([name, list]) => [name, concatBytes(list, rows)]));
  return { length: rows, columns, bytes, source, firstRecord };
}

/** readColumns as a worker-pool task (packages/parallel): champion and challenger files read on two threads. */
export const readColumnsTask = {
  name: 'read-columns',
  run: readColumns,
};
