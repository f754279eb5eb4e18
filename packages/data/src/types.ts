import type { S3Client } from '@aws-sdk/client-s3';

/**
 * The contract between the data layer and the engines: sources stream columnar batches; engines never see rows as
 * JS objects. Cells are parsed into the type the caller asks for, and parse errors name file, row, column and value.
 */

/** How a requested column is parsed. */
export type ColumnType =
  /** Finite numbers; empty / null cells are missing (NaN with `missing[i] = 1`); `NaN`, `inf` and text are errors unless `allowNonFinite`. */
  | 'number'
  /** Text as-is (ids, categories). Missing cells are null. */
  | 'string'
  /** ISO 8601 (with or without zone; without zone means UTC) or epoch seconds / milliseconds, as epoch milliseconds. */
  | 'timestamp'
  /** Number if every non-empty cell in the batch parses as a finite number, else string (feature discovery). */
  | 'auto';

export interface ColumnRequest {
  type: ColumnType;
  /** When false (default) a missing column is an error naming the source and listing the columns it has. */
  optional?: boolean;
  /** Accept NaN / Infinity cells in a number column instead of failing. */
  allowNonFinite?: boolean;
  /**
   * With type 'string': the column comes in RecordBatch.bytes as a BytesColumn (UTF-8 bytes in one buffer, no string per cell), for ids
   * that are only compared and joined. The CSV reader builds it from the file's bytes; other formats' text is encoded.
   */
  bytes?: boolean;
}

export interface NumberColumn {
  kind: 'number';
  values: Float64Array;
  /** 1 where the cell was empty or null (values[i] is NaN there). Absent when nothing is missing. */
  missing?: Uint8Array;
}

export interface StringColumn {
  kind: 'string';
  values: (string | null)[];
}

/** Text as UTF-8 bytes (ColumnRequest.bytes): cell i is `bytes[offsets[i], offsets[i + 1])`. */
export interface BytesColumn {
  kind: 'bytes';
  bytes: Uint8Array;
  offsets: Uint32Array;
  /** 1 where the cell was empty or null. Absent when nothing is missing. */
  missing?: Uint8Array;
  /** Core's idHash of each cell, when the reader computed it while copying the bytes (the CSV reader does). */
  hashes?: Int32Array;
}

export type Column = NumberColumn | StringColumn;

/** A slice of rows from one source object, column-major. */
export interface RecordBatch {
  length: number;
  /** By column name. A Map, not an object: names come from data, and `__proto__` or `constructor` are column names too. */
  columns: Map<string, Column>;
  /**
   * The columns requested with `bytes: true`, by name, in place of their entry in `columns` (apart, so code reading
   * text columns never meets bytes).
   */
  bytes?: Map<string, BytesColumn>;
  /** The file or s3:// object the rows came from (for error messages). */
  source: string;
  /** 1-based record number of the first row within `source` (a CSV line number counts the header as 1). */
  firstRecord: number;
}

export type Format = 'auto' | 'csv' | 'tsv' | 'jsonl' | 'parquet' | 'data-capture' | 'ground-truth';

export interface ReadOptions {
  /** Columns to read and how to parse them (a Map: names come from inputs and data); `'*'` reads every column as 'auto'. */
  columns: ReadonlyMap<string, ColumnType | ColumnRequest> | '*';
  /** Needed for s3:// sources; built by @mlops-actions/aws. The data layer never creates clients. */
  s3?: S3Client;
  /** Default 'auto': by extension (.csv, .tsv, .jsonl, .ndjson, .json, .parquet, each optionally .gz), then by content. */
  format?: Format;
  /**
   * The longest record (CSV/TSV: a line, or several inside quotes) in bytes, default 128 MiB: a longer one is an
   * error naming the file and line, so a stray quote or a file without line ends fails in seconds, in bounded memory.
   */
  maxRecordBytes?: number;
  /** Rows per batch (default 65,536). */
  batchSize?: number;
  /** Malformed records (data capture) skipped before failing; each is reported through onWarning. Default 0. */
  maxBadRecords?: number;
  onWarning?: (message: string) => void;
  /** Input name used in error messages, e.g. `challenger`. */
  inputName?: string;
  /** Told the bytes read so far and the sources' total size, as text sources are read (for progress lines). */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Resolve sources that are raw DMS output (full-load + change files) to their live rows (see cdc.ts). */
  cdc?: CdcOptions;
  /** Read only the `yyyy/mm/dd/hh/` partitions of s3:// prefixes in this period (epoch ms), e.g. drift-report's `lookback`. */
  period?: { from: number; to: number };
  /**
   * Column names of header-less CSV/TSV input, in field order (e.g. Batch Transform's `.out` objects): every line is
   * then a record and line numbers count from 1. Ignored by JSON Lines and Parquet, whose records name their fields.
   */
  header?: string[];
}

/** How DMS full-load + CDC output is resolved to live rows. */
export interface CdcOptions {
  /** The table's key columns: the latest change of each key wins. */
  key: string[];
  /** The commit-time column DMS adds (TimestampColumnName); without it changes apply in file and row order. */
  timestampColumn?: string;
  /** Ignore changes after this time (epoch milliseconds); needs `timestampColumn`. */
  asOf?: number;
}
