import { type CategoryCounts, DictionaryEncoder, type NumericValues, sortFloat64 } from '@mlops-actions/core';
import type { Column } from '@mlops-actions/data';

/**
 * One feature column, typed by its data: numbers while every value parses as a number, categories (dictionary
 * codes) from the first text value on (numbers seen before become their text form).
 */
export class FeatureColumn {
  kind: 'numeric' | 'categorical';
  /**
   * The numbers, one array per batch as the reader made it (a growing buffer would copy each value again at every
   * doubling, and leave its outgrown arrays to the collector); featureSide copies them once, into the side.
   */
  private chunks: Float64Array[] = [];
  private count = 0;
  /** The categories, dictionary-encoded (one code per row, -1 for missing). */
  categories = new DictionaryEncoder();
  readonly name: string;
  constructor(name: string, categorical: boolean) {
    this.name = name;
    this.kind = categorical ? 'categorical' : 'numeric';
  }
  /** One code per row (a view, valid until the next append). */
  get codes(): Int32Array {
    return this.categories.codes;
  }
  /** The distinct categories in code order. */
  get values(): string[] {
    return this.categories.values;
  }
  /** The numbers appended so far, batch by batch. */
  get numbers(): readonly Float64Array[] {
    return this.chunks;
  }
  private toCategorical() {
    this.kind = 'categorical';
    for (const chunk of this.chunks)
      for (const v of chunk) this.categories.push(Number.isNaN(v) ? null : String(v));
    this.chunks = [];
    this.count = 0;
  }
  append(column: Column) {
    if (column.kind === 'string' && this.kind === 'numeric') this.toCategorical();
    if (this.kind === 'numeric' && column.kind === 'number') {
      // Held as it is: a batch's arrays are its own (readers copy out of the buffers they reuse).
      this.chunks.push(column.values);
      this.count += column.values.length;
      return;
    }
    if (column.kind === 'number')
      for (let i = 0; i < column.values.length; i++)
        this.categories.push(column.missing?.[i] ? null : String(column.values[i]));
    else for (const v of column.values) this.categories.push(v === null || v.trim() === '' ? null : v);
  }
  get length() {
    return this.kind === 'numeric' ? this.count : this.categories.length;
  }
}

/** The side of one feature made of the rows where `keep` is 1 (all rows when omitted). */
export function featureSide(column: FeatureColumn, keep?: Uint8Array): NumericValues | CategoryCounts {
  if (column.kind === 'numeric') {
    const out = new Float64Array(column.length);
    let n = 0;
    let missing = 0;
    let row = 0;
    for (const values of column.numbers) {
      for (let i = 0; i < values.length; i++, row++) {
        if (keep && !keep[row]) continue;
        const v = values[i]!;
        if (Number.isNaN(v)) missing++;
        else out[n++] = v;
      }
    }
    return { kind: 'numeric', sorted: sortFloat64(out.subarray(0, n)), missing };
  }
  const counts = new Map<string, number>();
  // One slot per dictionary code plus one for missing (-1 -> slot 0): a branch-free tally.
  const tally = new Float64Array(column.values.length + 1);
  const codes = column.codes;
  const n = codes.length;
  if (keep) for (let i = 0; i < n; i++) tally[codes[i]! + 1]! += keep[i]!;
  else for (let i = 0; i < n; i++) tally[codes[i]! + 1]!++;
  const missing = tally[0]!;
  for (let c = 1; c < tally.length; c++) if (tally[c]! > 0) counts.set(column.values[c - 1]!, tally[c]!);
  return { kind: 'categorical', counts, missing };
}
