import type { S3Client } from '@aws-sdk/client-s3';
import { DictionaryEncoder, LatestTimestamps, UserError } from '@mlops-actions/core';
import {
  CAPTURE_TRACE_COLUMNS,
  type CdcOptions,
  type ColumnRequest,
  type ColumnType,
  type Format,
  readBatches,
  readSchema,
} from '@mlops-actions/data';
import { FeatureColumn } from './feature-column.js';

/** Predictions, column-major. */
export interface Predictions {
  rows: number;
  /** The event ids, when asked for (to join outcomes): a string per row is most of the read's cost otherwise. */
  ids: string[] | undefined;
  timestamps: Float64Array;
  scores: Float64Array;
  groups: { codes: Int32Array; values: string[] } | undefined;
  features: FeatureColumn[];
  /** The latest and next-latest timestamps and where the latest is (for the as-of sanity check). */
  latest: LatestTimestamps;
}

export interface LoadOptions {
  source: string;
  inputName: string;
  format: Format;
  s3?: S3Client;
  maxBadRecords: number;
  /** ReadOptions.maxRecordBytes (the `max-record-bytes` input). */
  maxRecordBytes?: number;
  onWarning: (message: string) => void;
  /** A fresh byte-progress reporter for one read of a source, labelled with it (each read has its own ETA). */
  progress?: (label: string) => (bytesRead: number, totalBytes: number) => void;
  cdc?: CdcOptions;
  /** Partitions of s3:// prefixes to read (drift-report's `lookback`). */
  period?: { from: number; to: number };
}

/** Stream the requested columns of `options.source` in batches, with the run's format, S3 client and warnings. */
export function readColumns(options: LoadOptions, columns: ReadonlyMap<string, ColumnType | ColumnRequest>) {
  return readBatches(options.source, {
    columns,
    s3: options.s3,
    format: options.format,
    inputName: options.inputName,
    maxBadRecords: options.maxBadRecords,
    maxRecordBytes: options.maxRecordBytes,
    onWarning: options.onWarning,
    onProgress: options.progress?.(`Reading ${options.inputName} ${options.source}`),
    cdc: options.cdc,
    period: options.period,
  });
}

/** How each feature column is read: text when listed as categorical, else typed by its values. */
export function featureRequests(features: string[], categorical: Set<string>): Map<string, ColumnRequest> {
  const request = new Map<string, ColumnRequest>();
  for (const f of features) request.set(f, { type: categorical.has(f) ? 'string' : 'auto' });
  return request;
}

const NON_FEATURES = (c: { id: string; timestamp: string; score: string; label: string; group?: string }) =>
  new Set<string>([
    ...[c.id, c.timestamp, c.score, c.label, c.group].filter((x): x is string => !!x),
    ...CAPTURE_TRACE_COLUMNS,
  ]);

/** Feature names: the `features` input, or every column of the source except id/timestamp/score/label/group. */
export async function featureNames(
  options: LoadOptions,
  columns: { id: string; timestamp: string; score: string; label: string; group?: string },
  requested: string[],
): Promise<string[]> {
  if (requested.length > 0) return requested;
  const all = await readSchema(options.source, {
    s3: options.s3,
    inputName: options.inputName,
    format: options.format,
    maxBadRecords: options.maxBadRecords,
    cdc: options.cdc,
    maxRecordBytes: options.maxRecordBytes,
    period: options.period,
  });
  const skip = NON_FEATURES(columns);
  return all.filter((c) => !skip.has(c));
}

/**
 * Stream predictions (id, timestamp, score, optional group, features) into typed columns. Ids are kept as strings
 * only with `keepIds`; otherwise they are read as bytes, only to check that every row has one.
 */
export async function loadPredictions(
  options: LoadOptions,
  columns: { id: string; timestamp: string; score: string; group?: string },
  features: string[],
  categorical: Set<string>,
  keepIds: boolean,
): Promise<Predictions> {
  // An id column also named as a feature is read as the feature (a string per row either way).
  const idText = keepIds || features.includes(columns.id);
  const request = new Map<string, ColumnRequest>([
    [columns.id, idText ? { type: 'string' } : { type: 'string', bytes: true }],
    [columns.timestamp, { type: 'timestamp' }],
    [columns.score, { type: 'number' }],
  ]);
  if (columns.group) request.set(columns.group, { type: 'string' });
  for (const [name, r] of featureRequests(features, categorical)) request.set(name, r);
  const ids: string[] = [];
  let rows = 0;
  // The batches' own arrays, joined once at the end (a growing buffer would copy each value at every doubling).
  const timestamps: Float64Array[] = [];
  const scores: Float64Array[] = [];
  const groups = columns.group ? new DictionaryEncoder() : undefined;
  const featureColumns = features.map((f) => new FeatureColumn(f, categorical.has(f)));
  const latest = new LatestTimestamps();
  for await (const batch of readColumns(options, request)) {
    const id = idText ? batch.columns.get(columns.id)! : undefined;
    const idMissing = idText ? undefined : batch.bytes!.get(columns.id)!.missing;
    const ts = batch.columns.get(columns.timestamp)!;
    const score = batch.columns.get(columns.score)!;
    for (let i = 0; i < batch.length; i++) {
      const idValue = id?.values[i];
      const noId = id ? idValue === null || idValue === undefined : idMissing?.[i] === 1;
      if (noId || (ts.kind === 'number' && ts.missing?.[i]))
        throw new UserError(
          `${batch.source}, record ${batch.firstRecord + i}: ${noId ? `empty id (column "${columns.id}")` : `empty timestamp (column "${columns.timestamp}")`}.`,
          { hint: 'Every prediction needs an event id and a timestamp.' },
        );
      if (keepIds) ids.push(String(idValue));
      latest.push(ts.values[i] as number, batch.source, batch.firstRecord + i);
    }
    rows += batch.length;
    // Timestamp and score columns are numbers (requested so): appended whole.
    timestamps.push(ts.values as Float64Array);
    scores.push(score.values as Float64Array);
    if (groups)
      for (const g of batch.columns.get(columns.group!)!.values as (string | null)[]) groups.push(g);
    for (const f of featureColumns) f.append(batch.columns.get(f.name)!);
  }
  return {
    rows,
    ids: keepIds ? ids : undefined,
    timestamps: joined(timestamps, rows),
    scores: joined(scores, rows),
    groups: groups ? { codes: groups.done(), values: groups.values } : undefined,
    features: featureColumns,
    latest,
  };
}

/** The arrays one after another in one array of `length` values. */
function joined(parts: Float64Array[], length: number): Float64Array {
  const out = new Float64Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Outcomes by event id (the last record wins for a repeated id, as later corrections do). */
export async function loadOutcomes(
  options: LoadOptions,
  columns: { id: string; label: string },
): Promise<Map<string, number>> {
  const labels = new Map<string, number>();
  for await (const batch of readColumns(
    options,
    new Map([
      [columns.id, 'string'],
      [columns.label, 'number'],
    ]),
  )) {
    const ids = batch.columns.get(columns.id)!.values as (string | null)[];
    const values = batch.columns.get(columns.label)!;
    for (let i = 0; i < batch.length; i++) {
      const id = ids[i];
      if (id === null || id === undefined) continue;
      if (values.kind === 'number' && values.missing?.[i]) continue;
      labels.set(id, values.values[i] as number);
    }
  }
  return labels;
}
