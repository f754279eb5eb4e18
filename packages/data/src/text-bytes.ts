import type { BytesColumn, ColumnRequest, ReadOptions, RecordBatch } from './types.js';

/**
 * ColumnRequest.bytes for every reader: the CSV and JSON Lines readers build such columns from the file's bytes
 * (byte-columns.ts); the others read text, which is encoded here, once per batch (JSON Lines only for the lines its
 * byte scanner leaves to JSON.parse, cell by cell in the builders). Readers that feed other readers (Delta, DMS) are
 * given the requests without the flag, so they always see text.
 */

/** The names of the columns requested as bytes (empty for `'*'`). */
export function byteColumnNames(columns: ReadOptions['columns']): Set<string> {
  const names = new Set<string>();
  if (columns === '*') return names;
  for (const [name, request] of columns) if (typeof request !== 'string' && request.bytes) names.add(name);
  return names;
}

/** The requests with every `bytes` flag dropped (the columns then come as text). */
export function textRequests(columns: ReadOptions['columns']): ReadOptions['columns'] {
  if (columns === '*') return columns;
  const out = new Map<string, ColumnRequest | ColumnRequest['type']>();
  for (const [name, request] of columns)
    out.set(name, typeof request !== 'string' && request.bytes ? { ...request, bytes: false } : request);
  return out;
}

/** UTF-8 bytes of text cells; null cells are empty and flagged missing. */
function encodeText(values: readonly (string | null)[]): BytesColumn {
  const offsets = new Uint32Array(values.length + 1);
  let size = 0;
  for (const v of values) size += v === null ? 0 : Buffer.byteLength(v, 'utf8');
  const bytes = Buffer.allocUnsafe(size);
  let missing: Uint8Array | undefined;
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? null;
    if (v === null || v === '') {
      missing ??= new Uint8Array(values.length);
      missing[i] = 1;
    } else at += bytes.write(v, at, 'utf8');
    offsets[i + 1] = at;
  }
  const column: BytesColumn = {
    kind: 'bytes',
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, at),
    offsets,
  };
  if (missing) column.missing = missing;
  return column;
}

/** Batches whose columns named in `names` come as bytes: text columns are encoded, byte columns pass through. */
export async function* withByteColumns(
  batches: AsyncIterable<RecordBatch>,
  names: ReadonlySet<string>,
): AsyncGenerator<RecordBatch> {
  for await (const batch of batches) {
    for (const name of names) {
      const column = batch.columns.get(name);
      if (column?.kind !== 'string') continue;
      batch.columns.delete(name);
      batch.bytes ??= new Map();
      batch.bytes.set(name, encodeText(column.values));
    }
    yield batch;
  }
}
