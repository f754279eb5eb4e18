import type { S3Client } from '@aws-sdk/client-s3';
import {
  DictionaryEncoder,
  FloatChunks,
  type IdBytes,
  type LatestTimestamps,
  type MetricSpec,
  type PredictionColumns,
  partitionIds,
  UserError,
} from '@mlops-actions/core';
import {
  type CdcOptions,
  type Column,
  type ColumnRequest,
  type NumberColumn,
  readBatches,
  type StringColumn,
} from '@mlops-actions/data';

export interface LoadRequest {
  source: string;
  inputName: string;
  idColumn?: string;
  timestampColumn?: string;
  labelColumn?: string;
  scoreColumns: string[];
  groupColumn?: string;
  sliceColumns: string[];
  metric: MetricSpec;
  s3?: S3Client;
  /** Told the bytes read of the source's size, for progress lines. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  cdc?: CdcOptions;
  /** ReadOptions.maxRecordBytes (the `max-record-bytes` input). */
  maxRecordBytes?: number;
  /** Tracks the two latest timestamps and where the latest is, for the as-of check. */
  latest?: LatestTimestamps;
  /** Field names of a header-less CSV source. */
  header?: string[];
}

function numberColumn(column: Column | undefined): NumberColumn | undefined {
  return column?.kind === 'number' ? column : undefined;
}

/** The columns a prediction source is read with, and how each is parsed. */
function predictionRequests(request: LoadRequest): Map<string, ColumnRequest> {
  const columns = new Map<string, ColumnRequest>();
  // Ids as bytes: they are only joined, and a string per row was most of the time and memory at 2 M rows.
  if (request.idColumn) columns.set(request.idColumn, { type: 'string', bytes: true });
  if (request.timestampColumn) columns.set(request.timestampColumn, { type: 'timestamp' });
  if (request.labelColumn) columns.set(request.labelColumn, { type: 'number' });
  for (const c of request.scoreColumns) columns.set(c, { type: 'number' });
  if (request.groupColumn) columns.set(request.groupColumn, { type: 'string' });
  for (const c of request.sliceColumns) columns.set(c, { type: 'string' });
  return columns;
}

/**
 * Stream a prediction source into typed arrays, validating labels and scores for the metric as rows arrive. Ids are
 * partitioned for the join here, on the thread that read them (joined.ts reads the champion on a worker thread).
 */
export async function loadPredictions(request: LoadRequest): Promise<PredictionColumns> {
  const columns = predictionRequests(request);

  const ids = request.idColumn ? ([] as IdBytes[]) : undefined;
  const timestamps = request.timestampColumn ? new FloatChunks() : undefined;
  const labels = request.labelColumn ? new FloatChunks() : undefined;
  const scores = new Map(request.scoreColumns.map((c) => [c, new FloatChunks()]));
  const group = request.groupColumn ? new DictionaryEncoder() : undefined;
  const slices = request.sliceColumns.map((column) => ({ column, codes: new DictionaryEncoder() }));
  const { metric } = request;
  const binary = metric.labels === 'binary';
  const probability = metric.kind === 'probability';
  let rows = 0;
  const rowInFile = new Map<string, number>();

  const batches = readBatches(request.source, {
    columns,
    s3: request.s3,
    inputName: request.inputName,
    onProgress: request.onProgress,
    cdc: request.cdc,
    maxRecordBytes: request.maxRecordBytes,
    header: request.header,
  });
  for await (const batch of batches) {
    const before = rowInFile.get(batch.source) ?? 0;
    rowInFile.set(batch.source, before + batch.length);
    const at = (i: number) => `${batch.source}, data row ${before + i + 1}`;
    if (ids) {
      const col = batch.bytes!.get(request.idColumn!)!;
      const empty = col.missing?.indexOf(1) ?? -1;
      if (empty >= 0) {
        throw new UserError(`${at(empty)}: the id column "${request.idColumn}" is empty.`, {
          hint: 'Every prediction needs an id to join on.',
        });
      }
      ids.push({ bytes: col.bytes, offsets: col.offsets.subarray(0, batch.length + 1), hashes: col.hashes });
    }
    if (timestamps) {
      const col = numberColumn(batch.columns.get(request.timestampColumn!))!;
      const empty = col.missing?.indexOf(1) ?? -1;
      if (empty >= 0)
        throw new UserError(`${at(empty)}: the timestamp column "${request.timestampColumn}" is empty.`);
      // Checked first, then kept whole (a push per value was a tenth of the main thread at 2 M rows).
      timestamps.add(col.values.subarray(0, batch.length));
      const latest = request.latest;
      if (latest)
        for (let i = 0; i < batch.length; i++)
          latest.push(col.values[i]!, batch.source, batch.firstRecord + i);
    }
    if (labels) {
      const col = numberColumn(batch.columns.get(request.labelColumn!))!;
      for (let i = 0; i < batch.length; i++) {
        const y = col.values[i]!;
        if (col.missing?.[i]) {
          throw new UserError(`${at(i)}: the label column "${request.labelColumn}" is empty.`, {
            hint: 'Evaluate only predictions whose outcome is known (drift-report handles late labels).',
          });
        }
        if (binary && y !== 0 && y !== 1) {
          throw new UserError(
            `${at(i)}: label ${y} in column "${request.labelColumn}" is not 0 or 1, which ${metric.name} needs.`,
            {
              hint: 'Map outcomes to 0/1, or choose a regression metric (rmse, mae, r2).',
            },
          );
        }
        if (metric.labels === 'relevance' && y < 0) {
          throw new UserError(
            `${at(i)}: relevance ${y} in column "${request.labelColumn}" is negative; ${metric.name} needs grades >= 0.`,
          );
        }
      }
      labels.add(col.values.subarray(0, batch.length));
    }
    for (const [name, out] of scores) {
      const col = numberColumn(batch.columns.get(name))!;
      for (let i = 0; i < batch.length; i++) {
        const s = col.values[i]!;
        if (col.missing?.[i])
          throw new UserError(`${at(i)}: the score column "${name}" is empty.`, {
            hint: 'Every row needs a score.',
          });
        if (probability && (s < 0 || s > 1)) {
          throw new UserError(
            `${at(i)}: score ${s} in column "${name}" is not a probability in [0, 1], which ${metric.name} needs.`,
          );
        }
      }
      out.add(col.values.subarray(0, batch.length));
    }
    if (group) {
      const col = batch.columns.get(request.groupColumn!) as StringColumn;
      for (let i = 0; i < batch.length; i++) group.push(col.values[i] ?? null);
    }
    for (const slice of slices) {
      const col = batch.columns.get(slice.column) as StringColumn;
      for (let i = 0; i < batch.length; i++) slice.codes.push(col.values[i] ?? null);
    }
    rows += batch.length;
  }
  return {
    rows,
    ids: ids ? partitionIds(ids) : undefined,
    timestamps: timestamps?.done(),
    labels: labels?.done(),
    scores: new Map([...scores].map(([k, v]) => [k, v.done()])),
    group: group ? { codes: group.done(), values: group.values } : undefined,
    slices: slices.map((s) => ({ column: s.column, codes: s.codes.done(), values: s.codes.values })),
  };
}
