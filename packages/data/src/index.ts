// The data layer's public surface: what actions and the CLI use. Format readers, cell parsers and the batch
// emitter are internal (tests import them from their modules).
export { CAPTURE_TRACE_COLUMNS } from './capture.js';
export { type CsvRange, planCsvRanges, readCsvRange } from './csv-ranges.js';
export { createFileExclusive, writeFileAtomic } from './files.js';
export { readBatches, readSchema } from './read.js';
export { appendRecord, listRecords, readRecord } from './records.js';
export { parseS3Uri } from './s3-uri.js';
export type {
  CdcOptions,
  Column,
  ColumnRequest,
  ColumnType,
  Format,
  NumberColumn,
  StringColumn,
} from './types.js';
