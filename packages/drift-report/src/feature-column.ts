import {
  type CategoryCounts,
  DictionaryEncoder,
  FloatBuffer,
  type NumericValues,
  sortFloat64,
} from '@mlops-actions/core';
import type { Column } from '@mlops-actions/data';

/**
 * One feature column, typed by its data: numbers while every value parses as a number, categories (dictionary
 * codes) from the first text value on (numbers seen before become their text form).
 */
export class FeatureColumn {
  kind: 'numeric' | 'categorical';
  numbers = new FloatBuffer();
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
  private toCategorical() {
    this.kind = 'categorical';
    const numbers = this.numbers.done();
    for (const v of numbers) this.categories.push(Number.isNaN(v) ? null : String(v));
    this.numbers = new FloatBuffer();
  }
  append(column: Column) {
    if (column.kind === 'string' && this.kind === 'numeric') this.toCategorical();
    if (this.kind === 'numeric' && column.kind === 'number') {
      this.numbers.append(column.values);
      return;
    }
    if (column.kind === 'number')
      for (let i = 0; i < column.values.length; i++)
        this.categories.push(column.missing?.[i] ? null : String(column.values[i]));
    else for (const v of column.values) this.categories.push(v === null || v.trim() === '' ? null : v);
  }
  get length() {
    return this.kind === 'numeric' ? this.numbers.length : this.categories.length;
  }
}

/** The side of one feature made of the rows where `keep` is 1 (all rows when omitted). */
export function featureSide(column: FeatureColumn, keep?: Uint8Array): NumericValues | CategoryCounts {
  if (column.kind === 'numeric') {
    const values = column.numbers.values;
    const out = new Float64Array(column.length);
    let n = 0;
    let missing = 0;
    for (let i = 0; i < column.length; i++) {
      if (keep && !keep[i]) continue;
      const v = values[i]!;
      if (Number.isNaN(v)) missing++;
      else out[n++] = v;
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
