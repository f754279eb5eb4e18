import { UserError } from '@mlops-actions/core';
import { flattenCapture, flattenGroundTruth } from './capture.js';
import { csvBatches } from './csv.js';
import { textChunks } from './decode.js';
import { DEFAULT_BATCH } from './emit.js';
import { formatFromName, sniffTextFormat } from './format.js';
import { jsonlBatches } from './jsonl.js';
import { normalizeRequests } from './select.js';
import { listSources, openSource, type SourceObject } from './sources.js';
import type { Format, ReadOptions, RecordBatch } from './types.js';

/** Stream columnar batches from every object a source names (see ReadOptions). */
export async function* readBatches(
  source: string | string[],
  options: ReadOptions,
): AsyncGenerator<RecordBatch> {
  const objects = await listSources(source, { s3: options.s3, inputName: options.inputName });
  for (const object of objects) yield* readObject(object, options);
}

/** Stream columnar batches from one object, choosing its format reader by option, name, then content. */
async function* readObject(object: SourceObject, options: ReadOptions): AsyncGenerator<RecordBatch> {
  const requested = normalizeRequests(options.columns);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const format: Format =
    options.format && options.format !== 'auto' ? options.format : (formatFromName(object.name) ?? 'auto');
  if (format === 'parquet') {
    // Loaded on first use: the Parquet decoder is large and most runs read text.
    const { readParquetObject } = await import('./parquet.js');
    yield* readParquetObject(object, requested, options);
    return;
  }
  const stream = await openSource(object, options.s3);
  const chunks = textChunks(stream, object.name);
  let kind = format;
  let pending: string | undefined;
  if (kind === 'auto' || (kind === 'jsonl' && options.format !== 'jsonl')) {
    const first = await chunks.next();
    pending = first.done ? '' : first.value;
    kind = sniffTextFormat(kind, pending);
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

/** Column names of the first object of a source (its header, or the keys of its first JSON record). */
export async function readSchema(
  source: string | string[],
  options: Omit<ReadOptions, 'columns'>,
): Promise<string[]> {
  const [object] = await listSources(source, { s3: options.s3, inputName: options.inputName });
  for await (const batch of readObject(object!, { ...options, columns: '*', batchSize: 100 }))
    return [...batch.columns.keys()];
  return [];
}
