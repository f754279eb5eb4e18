import type { S3Client } from '@aws-sdk/client-s3';
import {
  type CategoryCounts,
  type NumericSummary,
  type NumericValues,
  QuantileSketch,
  UserError,
} from '@mlops-actions/core';
import {
  CAPTURE_TRACE_COLUMNS,
  type Column,
  type ColumnRequest,
  type Format,
  readBatches,
  readSchema,
} from '@mlops-actions/data';

/** A growable Float64Array; `max` caps the capacity it grows to (pushing past it is the caller's error). */
export class Floats {
  values: Float64Array;
  length = 0;
  private readonly max: number;
  constructor(max = Number.POSITIVE_INFINITY) {
    this.max = max;
    this.values = new Float64Array(Math.min(4096, max));
  }
  push(v: number) {
    if (this.length === this.values.length) {
      const grown = new Float64Array(Math.max(this.length + 1, Math.min(this.values.length * 2, this.max)));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = v;
  }
  done(): Float64Array {
    return this.values.slice(0, this.length);
  }
}

/**
 * One feature column, typed by its data: numbers while every value parses as a number, categories (dictionary
 * codes) from the first text value on (numbers seen before become their text form).
 */
export class FeatureColumn {
  kind: 'numeric' | 'categorical';
  numbers = new Floats();
  codes: number[] = [];
  dictionary = new Map<string, number>();
  values: string[] = [];
  readonly name: string;
  constructor(name: string, categorical: boolean) {
    this.name = name;
    this.kind = categorical ? 'categorical' : 'numeric';
  }
  private code(value: string | null): number {
    if (value === null) return -1;
    let c = this.dictionary.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.dictionary.set(value, c);
      this.values.push(value);
    }
    return c;
  }
  private toCategorical() {
    this.kind = 'categorical';
    const numbers = this.numbers.done();
    this.codes = Array.from(numbers, (v) => (Number.isNaN(v) ? -1 : this.code(String(v))));
    this.numbers = new Floats();
  }
  append(column: Column) {
    if (column.kind === 'string' && this.kind === 'numeric') this.toCategorical();
    if (this.kind === 'numeric' && column.kind === 'number') {
      for (let i = 0; i < column.values.length; i++) this.numbers.push(column.values[i]!);
      return;
    }
    if (column.kind === 'number')
      for (let i = 0; i < column.values.length; i++)
        this.codes.push(column.missing?.[i] ? -1 : this.code(String(column.values[i])));
    else for (const v of column.values) this.codes.push(this.code(v === null || v.trim() === '' ? null : v));
  }
  get length() {
    return this.kind === 'numeric' ? this.numbers.length : this.codes.length;
  }
}

/** Predictions, column-major. */
export interface Predictions {
  rows: number;
  ids: string[];
  timestamps: Float64Array;
  scores: Float64Array;
  groups: { codes: Int32Array; values: string[] } | undefined;
  features: FeatureColumn[];
}

export interface LoadOptions {
  source: string;
  inputName: string;
  format: Format;
  s3?: S3Client;
  maxBadRecords: number;
  onWarning: (message: string) => void;
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
  });
  const skip = NON_FEATURES(columns);
  return all.filter((c) => !skip.has(c));
}

/** Stream predictions (id, timestamp, score, optional group, features) into typed columns. */
export async function loadPredictions(
  options: LoadOptions,
  columns: { id: string; timestamp: string; score: string; group?: string },
  features: string[],
  categorical: Set<string>,
): Promise<Predictions> {
  const request: Record<string, ColumnRequest> = {
    [columns.id]: { type: 'string' },
    [columns.timestamp]: { type: 'timestamp' },
    [columns.score]: { type: 'number' },
  };
  if (columns.group) request[columns.group] = { type: 'string' };
  for (const f of features) request[f] = { type: categorical.has(f) ? 'string' : 'auto' };
  const ids: string[] = [];
  const timestamps = new Floats();
  const scores = new Floats();
  const groupCodes: number[] = [];
  const groupIndex = new Map<string, number>();
  const groupValues: string[] = [];
  const featureColumns = features.map((f) => new FeatureColumn(f, categorical.has(f)));
  for await (const batch of readBatches(options.source, {
    columns: request,
    s3: options.s3,
    format: options.format,
    inputName: options.inputName,
    maxBadRecords: options.maxBadRecords,
    onWarning: options.onWarning,
  })) {
    const id = batch.columns[columns.id]!;
    const ts = batch.columns[columns.timestamp]!;
    const score = batch.columns[columns.score]!;
    for (let i = 0; i < batch.length; i++) {
      const idValue = id.values[i];
      if (idValue === null || idValue === undefined || (ts.kind === 'number' && ts.missing?.[i]))
        throw new UserError(
          `${batch.source}, record ${batch.firstRecord + i}: ${idValue === null || idValue === undefined ? `empty id (column "${columns.id}")` : `empty timestamp (column "${columns.timestamp}")`}.`,
          { hint: 'Every prediction needs an event id and a timestamp.' },
        );
      ids.push(String(idValue));
      timestamps.push(ts.values[i] as number);
      scores.push(score.values[i] as number);
    }
    if (columns.group) {
      for (const g of batch.columns[columns.group]!.values as (string | null)[]) {
        let code = -1;
        if (g !== null) {
          code = groupIndex.get(g) ?? -1;
          if (code < 0) {
            code = groupValues.length;
            groupIndex.set(g, code);
            groupValues.push(g);
          }
        }
        groupCodes.push(code);
      }
    }
    for (const f of featureColumns) f.append(batch.columns[f.name]!);
  }
  return {
    rows: ids.length,
    ids,
    timestamps: timestamps.done(),
    scores: scores.done(),
    groups: columns.group ? { codes: Int32Array.from(groupCodes), values: groupValues } : undefined,
    features: featureColumns,
  };
}

/** Outcomes by event id (the last record wins for a repeated id, as later corrections do). */
export async function loadOutcomes(
  options: LoadOptions,
  columns: { id: string; label: string },
): Promise<Map<string, number>> {
  const labels = new Map<string, number>();
  for await (const batch of readBatches(options.source, {
    columns: { [columns.id]: 'string', [columns.label]: 'number' },
    s3: options.s3,
    inputName: options.inputName,
    maxBadRecords: options.maxBadRecords,
    onWarning: options.onWarning,
  })) {
    const ids = batch.columns[columns.id]!.values as (string | null)[];
    const values = batch.columns[columns.label]!;
    for (let i = 0; i < batch.length; i++) {
      const id = ids[i];
      if (id === null || id === undefined) continue;
      if (values.kind === 'number' && values.missing?.[i]) continue;
      labels.set(id, values.values[i] as number);
    }
  }
  return labels;
}

/**
 * One reference feature reduced as it streams: numbers held exactly up to `limit` values, then poured into a
 * mergeable quantile sketch; categories as counts. Typed like FeatureColumn (numbers until the first text value).
 */
export class ReferenceAccumulator {
  kind: 'numeric' | 'categorical';
  private exact: Floats | null;
  private sketch: QuantileSketch | null = null;
  private missing = 0;
  private counts = new Map<string, number>();
  readonly name: string;
  private readonly limit: number;
  constructor(name: string, categorical: boolean, limit: number) {
    this.name = name;
    this.kind = categorical ? 'categorical' : 'numeric';
    this.limit = limit;
    this.exact = new Floats(limit);
  }
  /** Whether the numeric values went into a sketch (the tests against it are approximate). */
  get sketched(): boolean {
    return this.sketch !== null;
  }
  private count(value: string) {
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }
  private addNumber(v: number) {
    if (Number.isNaN(v)) this.missing++;
    else if (this.exact && this.exact.length < this.limit) this.exact.push(v);
    else {
      if (this.exact) {
        this.sketch = new QuantileSketch();
        const held = this.exact.values;
        for (let i = 0; i < this.exact.length; i++) this.sketch.add(held[i]!);
        this.exact = null;
      }
      this.sketch!.add(v);
    }
  }
  private toCategorical(example: string, place: string) {
    if (this.sketch)
      throw new UserError(
        `${place}: feature "${this.name}" has text (${JSON.stringify(example.slice(0, 40))}) after ${this.sketch.count} numeric values were already reduced to a sketch.`,
        {
          hint: 'List it in `categorical-features` if it is a category, or fix the value; raising `reference-exact-limit` keeps more values exactly.',
        },
      );
    this.kind = 'categorical';
    const held = this.exact!;
    for (let i = 0; i < held.length; i++) this.count(String(held.values[i]));
    this.exact = null;
  }
  append(column: Column, place: string) {
    if (column.kind === 'string' && this.kind === 'numeric')
      this.toCategorical(column.values.find((v) => v !== null && v.trim() !== '') ?? '', place);
    if (column.kind === 'number') {
      if (this.kind === 'numeric') for (let i = 0; i < column.values.length; i++) this.addNumber(column.values[i]!);
      else
        for (let i = 0; i < column.values.length; i++) {
          const v = column.values[i]!;
          if (column.missing?.[i] || Number.isNaN(v)) this.missing++;
          else this.count(String(v));
        }
      return;
    }
    for (const v of column.values) {
      if (v === null || v.trim() === '') this.missing++;
      else this.count(v);
    }
  }
  side(): NumericValues | NumericSummary | CategoryCounts {
    if (this.kind === 'categorical') return { kind: 'categorical', counts: this.counts, missing: this.missing };
    if (this.sketch) return this.sketch.toSummary(this.missing);
    return { kind: 'numeric', sorted: this.exact!.done().sort(), missing: this.missing };
  }
}

/**
 * The reference data (training data: features only, no id or timestamp needed) reduced in one streaming pass.
 * Memory is bounded by `exactBudget` values in total (each feature may hold its even share exactly), a sketch per
 * numeric feature past its share, and the distinct categories: not by the number of rows.
 */
export async function loadReferenceSides(
  options: LoadOptions,
  features: string[],
  categorical: Set<string>,
  exactBudget: number,
): Promise<ReferenceAccumulator[]> {
  const request: Record<string, ColumnRequest> = {};
  for (const f of features) request[f] = { type: categorical.has(f) ? 'string' : 'auto' };
  const share = Math.max(1, Math.floor(exactBudget / Math.max(1, features.length)));
  const columns = features.map((f) => new ReferenceAccumulator(f, categorical.has(f), share));
  for await (const batch of readBatches(options.source, {
    columns: request,
    s3: options.s3,
    format: options.format,
    inputName: options.inputName,
    maxBadRecords: options.maxBadRecords,
    onWarning: options.onWarning,
  }))
    for (const c of columns) c.append(batch.columns[c.name]!, `${batch.source}, records from ${batch.firstRecord}`);
  return columns;
}
