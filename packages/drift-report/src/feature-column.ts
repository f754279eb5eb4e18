import type { CategoryCounts, NumericValues } from '@mlops-actions/core';
import type { Column } from '@mlops-actions/data';

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
    return { kind: 'numeric', sorted: out.slice(0, n).sort(), missing };
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
