import { UserError } from '@mlops-actions/core';
import { flattenCapture, flattenGroundTruth } from './capture.js';
import { dmsColumns, looksLikeDms, readLiveRows } from './cdc.js';
import { csvBatches } from './csv.js';
import { textChunks, utf8Chunks } from './decode.js';
import { type DeltaLog, findDeltaLog, splitVersion } from './delta-log.js';
import { DEFAULT_BATCH } from './emit.js';
import { formatFromName, sniffTextFormat } from './format.js';
import { jsonlBatches } from './jsonl.js';
import { jsonlByteBatches } from './jsonl-bytes.js';
import { ReadProgress } from './progress.js';
import { normalizeRequests } from './select.js';
import { listSources, openSource, type SourceObject } from './sources.js';
import { byteColumnNames, textRequests, withByteColumns } from './text-bytes.js';
import type { CdcOptions, Format, ReadOptions, RecordBatch } from './types.js';

/** What one entry of a source turned out to be: plain files, a Delta Lake table, or raw DMS output. */
type Table =
  | { kind: 'files'; objects: SourceObject[] }
  | { kind: 'delta'; log: DeltaLog; version: number | undefined }
  | { kind: 'dms'; objects: SourceObject[]; cdc: CdcOptions };

/** The entries of a source (one string or several), each resolved to the table it names. */
async function* tables(
  source: string | string[],
  options: Omit<ReadOptions, 'columns'>,
): AsyncGenerator<Table> {
  const entries = (Array.isArray(source) ? source : [source]).map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) await listSources(source, { inputName: options.inputName }); // throws "is empty"
  for (const entry of entries) {
    const { source: path, version } = splitVersion(entry);
    const objects = await listSources(path, {
      s3: options.s3,
      inputName: options.inputName,
      period: options.period,
      onWarning: options.onWarning,
    });
    const log = findDeltaLog(path, objects, process.cwd());
    if (log) yield { kind: 'delta', log, version };
    else if (version !== undefined)
      throw new UserError(
        `Input${options.inputName ? ` "${options.inputName}"` : ''}: ${JSON.stringify(entry)} asks for version ${version} of a Delta table, but ${JSON.stringify(path)} has no _delta_log folder.`,
      );
    else if (options.cdc && looksLikeDms(objects)) yield { kind: 'dms', objects, cdc: options.cdc };
    else yield { kind: 'files', objects };
  }
}

/**
 * Stream columnar batches from every object a source names (see ReadOptions). A directory or prefix holding a Delta
 * Lake table (`_delta_log/`) yields that table's rows (`path@vN` for version N); with `options.cdc`, raw DMS output
 * yields its live rows.
 */
export async function* readBatches(
  source: string | string[],
  options: ReadOptions,
): AsyncGenerator<RecordBatch> {
  const bytes = byteColumnNames(options.columns);
  if (bytes.size === 0) {
    yield* readTables(source, options);
    return;
  }
  yield* withByteColumns(readTables(source, options), bytes);
}

async function* readTables(source: string | string[], options: ReadOptions): AsyncGenerator<RecordBatch> {
  const progress = ReadProgress.start(options.onProgress);
  for await (const table of tables(source, options)) {
    if (table.kind === 'delta') {
      // Loaded on first use, like the Parquet reader it drives.
      const { readDeltaTable } = await import('./delta.js');
      yield* readDeltaTable(
        table.log,
        table.version,
        { ...options, columns: textRequests(options.columns) },
        progress,
      );
    } else if (table.kind === 'dms') {
      await progress?.include(table.objects);
      const text = { ...options, columns: textRequests(options.columns) };
      yield* readLiveRows(table.objects, text, table.cdc, (object, opts) =>
        readObject(object, opts, progress),
      );
    } else {
      await progress?.include(table.objects);
      for (const object of table.objects) yield* readObject(object, options, progress);
    }
  }
}

/** Stream columnar batches from one object, choosing its format reader by option, name, then content. */
async function* readObject(
  object: SourceObject,
  options: ReadOptions,
  progress?: ReadProgress,
): AsyncGenerator<RecordBatch> {
  const requested = normalizeRequests(options.columns);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const format: Format =
    options.format && options.format !== 'auto' ? options.format : (formatFromName(object.name) ?? 'auto');
  if (format === 'parquet') {
    // Loaded on first use: the Parquet decoder is large and most runs read text.
    const { readParquetObject } = await import('./parquet.js');
    yield* readParquetObject(object, requested, options, progress);
    return;
  }
  const opened = await openSource(object, options.s3);
  const stream = progress ? progress.track(opened, object) : opened;
  const chunks = utf8Chunks(stream, object.name);
  let kind = format;
  let pending: Buffer | undefined;
  if (kind === 'auto' || (kind === 'jsonl' && options.format !== 'jsonl')) {
    const first = await chunks.next();
    pending = first.done ? Buffer.alloc(0) : first.value;
    // Chunks end on whole characters (utf8Chunks), so the head decodes as it is.
    kind = sniffTextFormat(kind, pending.subarray(0, 4096).toString('utf8'));
  }
  const all = (async function* () {
    if (pending !== undefined) yield pending;
    yield* chunks;
  })();
  if (kind === 'csv' || kind === 'tsv')
    yield* csvBatches(all, kind === 'tsv' ? '\t' : ',', object, requested, batchSize, options);
  else if (kind === 'jsonl') yield* jsonlByteBatches(all, object, requested, batchSize, options);
  else if (kind === 'data-capture')
    yield* jsonlBatches(textChunks(all), object, requested, batchSize, options, flattenCapture);
  else if (kind === 'ground-truth')
    yield* jsonlBatches(textChunks(all), object, requested, batchSize, options, flattenGroundTruth);
  else throw new UserError(`${object.name}: format "${kind}" is not supported here.`);
}

/** Column names of the first object of a source (its header, or the keys of its first JSON record). */
export async function readSchema(
  source: string | string[],
  options: Omit<ReadOptions, 'columns'>,
): Promise<string[]> {
  // The read that follows lists the same objects and gives the listing's warnings once.
  for await (const table of tables(source, { ...options, onWarning: undefined })) {
    if (table.kind === 'delta') {
      const { deltaColumns } = await import('./delta.js');
      return deltaColumns(table.log, table.version, { ...options, columns: '*' });
    }
    if (table.kind === 'dms') return dmsColumns(table.objects, { ...options, columns: '*' }, readObject);
    for await (const batch of readObject(table.objects[0]!, { ...options, columns: '*', batchSize: 100 }))
      return [...batch.columns.keys()];
    return [];
  }
  return [];
}
