// One reference feature reduced as it streams (ReferenceAccumulator), and a source reduced in one streaming pass.
import {
  type CategoryCounts,
  FloatBuffer,
  type NumericSummary,
  type NumericValues,
  QuantileSketch,
  type QuantileSketchState,
  sortFloat64,
  UserError,
} from '@mlops-actions/core';
import type { Column } from '@mlops-actions/data';
import { featureRequests, type LoadOptions, readColumns } from './load.js';

/** ReferenceAccumulator's batch kinds: a batch of numbers, a batch of text. */
export const BATCH_NUMBERS = 1;
export const BATCH_TEXT = 2;

/** One feature of one byte range of the reference, as plain data (ReferenceAccumulator.part). */
export type FeaturePart =
  | { kind: 'categorical'; batchKinds: number; missing: number; counts: Map<string, number> }
  | {
      kind: 'numeric';
      batchKinds: number;
      missing: number;
      exact?: Float64Array;
      sketch: QuantileSketchState;
    };

/**
 * One reference feature reduced as it streams: numbers held exactly up to `limit` values, then poured into a
 * mergeable quantile sketch; categories as counts. Typed like FeatureColumn (numbers until the first text value).
 */
export class ReferenceAccumulator {
  kind: 'numeric' | 'categorical';
  private exact: FloatBuffer | null;
  private sketch: QuantileSketch | null = null;
  private missing = 0;
  private counts = new Map<string, number>();
  /** A batch's non-missing numbers (reused). */
  private kept = new Float64Array(0);
  /** The kinds of batches appended (BATCH_NUMBERS | BATCH_TEXT): an `auto` column can be numbers in one, text in the next. */
  private batchKinds = 0;
  readonly name: string;
  private readonly limit: number;
  constructor(name: string, categorical: boolean, limit: number) {
    this.name = name;
    this.kind = categorical ? 'categorical' : 'numeric';
    this.limit = limit;
    this.exact = new FloatBuffer({ max: limit });
  }
  /** Whether the numeric values went into a sketch (the tests against it are approximate). */
  get sketched(): boolean {
    return this.sketch !== null;
  }
  private count(value: string) {
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }
  /** The numbers of one batch: missing (NaN) counted, the rest held exactly up to the limit, then sketched. */
  private addNumbers(values: Float64Array) {
    if (this.kept.length < values.length) this.kept = new Float64Array(values.length);
    const kept = this.kept;
    let n = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) this.missing++;
      else kept[n++] = v;
    }
    let i = 0;
    const exact = this.exact;
    if (exact) {
      // The batch's values up to the limit in one copy (a push per value was the worker's hottest function).
      i = Math.min(n, this.limit - exact.length);
      exact.append(kept.subarray(0, i));
    }
    if (i === n) return;
    if (exact) {
      // Past the limit: what was held goes first, in its order, then the rest of the stream.
      this.sketch = new QuantileSketch();
      this.sketch.addAll(exact.values, 0, exact.length);
      this.exact = null;
    }
    this.sketch!.addAll(kept, i, n);
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
  /** Add one batch's column (`place` locates the batch in messages). */
  append(column: Column, place: string) {
    this.batchKinds |= column.kind === 'number' ? BATCH_NUMBERS : BATCH_TEXT;
    if (column.kind === 'string' && this.kind === 'numeric')
      this.toCategorical(column.values.find((v) => v !== null && v.trim() !== '') ?? '', place);
    if (column.kind === 'number') {
      if (this.kind === 'numeric') this.addNumbers(column.values);
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
  /**
   * What this accumulator holds as plain data, to be merged with other byte ranges' (reference-ranges.ts): the
   * numbers held exactly when all were, and always a sketch of them (made here, in the worker that read them, so
   * that merging costs the sketch's size, not the values').
   */
  part(): FeaturePart {
    const base = { batchKinds: this.batchKinds, missing: this.missing };
    if (this.kind === 'categorical') return { ...base, kind: 'categorical', counts: this.counts };
    if (this.sketch) return { ...base, kind: 'numeric', sketch: this.sketch.toState() };
    const exact = this.exact!.done();
    const sketch = new QuantileSketch();
    sketch.addAll(exact);
    return { ...base, kind: 'numeric', exact, sketch: sketch.toState() };
  }

  /** The feature's reference side: exact sorted values, a sketch's summary, or category counts. */
  side(): NumericValues | NumericSummary | CategoryCounts {
    if (this.kind === 'categorical')
      return { kind: 'categorical', counts: this.counts, missing: this.missing };
    if (this.sketch) return this.sketch.toSummary(this.missing);
    return { kind: 'numeric', sorted: sortFloat64(this.exact!.done()), missing: this.missing };
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
  const share = Math.max(1, Math.floor(exactBudget / Math.max(1, features.length)));
  const columns = features.map((f) => new ReferenceAccumulator(f, categorical.has(f), share));
  for await (const batch of readColumns(options, featureRequests(features, categorical)))
    for (const c of columns)
      c.append(batch.columns.get(c.name)!, `${batch.source}, records from ${batch.firstRecord}`);
  return columns;
}
