import { UserError } from '@mlops-actions/core';
import type { SourceObject } from './sources.js';
import type { ColumnRequest, ReadOptions, RecordBatch } from './types.js';

/** Parquet objects (not supported yet: a clear error rather than a misread). */
export async function* readParquetObject(
  object: SourceObject,
  _requested: Record<string, ColumnRequest> | '*',
  _options: ReadOptions,
): AsyncGenerator<RecordBatch> {
  yield* [];
  throw new UserError(`${object.name}: Parquet input is not supported in this version.`, {
    hint: 'Convert it to CSV or JSON Lines (optionally gzip).',
  });
}
