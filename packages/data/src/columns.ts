import { FloatBuffer } from '@mlops-actions/core';
import { type CellPlace, cellNumber, cellText, decimalValue, isMissingCell } from './cells.js';
import type { Column, ColumnType } from './types.js';

/** Accumulates one requested column of a batch from raw cells (strings, numbers, booleans or null). */
export class ColumnBuilder {
  private numbers: FloatBuffer;
  private missing: Uint8Array | undefined;
  private strings: (string | null)[] | undefined;
  length = 0;
  readonly name: string;
  private readonly type: ColumnType;
  private readonly allowNonFinite: boolean;
  private readonly capacity: number;

  constructor(name: string, type: ColumnType, capacity: number, allowNonFinite = false) {
    this.name = name;
    this.type = type;
    this.allowNonFinite = allowNonFinite;
    this.capacity = capacity;
    this.place = { source: '', record: 0, column: name };
    this.numbers = new FloatBuffer({ capacity: type === 'number' || type === 'timestamp' ? capacity : 0 });
    if (type === 'string' || type === 'auto') this.strings = [];
  }

  /** Where the current cell is, for error messages: one object reused for every cell (no allocation per cell). */
  private readonly place: CellPlace;

  /** Add one cell; `source` and `record` locate it for error messages. */
  push(cell: unknown, source: string, record: number): void {
    const i = this.length++;
    if (this.strings) {
      this.strings.push(cellText(cell));
      return;
    }
    const place = this.place;
    place.source = source;
    place.record = record;
    this.numbers.push(cellNumber(cell, this.type === 'timestamp', this.allowNonFinite, place));
    if (isMissingCell(cell)) {
      const capacity = this.numbers.values.length;
      this.missing ??= new Uint8Array(capacity);
      if (this.missing.length < capacity) {
        const grown = new Uint8Array(capacity);
        grown.set(this.missing);
        this.missing = grown;
      }
      this.missing[i] = 1;
    }
  }

  /** The finished column (typed arrays trimmed to length); the builder then starts over for the next batch. */
  build(): Column {
    const column = this.column();
    this.numbers = new FloatBuffer({ capacity: this.numbers.values.length === 0 ? 0 : this.capacity });
    this.missing = undefined;
    if (this.strings) this.strings = [];
    this.length = 0;
    return column;
  }

  private column(): Column {
    if (this.strings) {
      if (this.type === 'auto') {
        const values = new Float64Array(this.strings.length);
        let numeric = true;
        let missing: Uint8Array | undefined;
        for (let i = 0; i < this.strings.length; i++) {
          const s = this.strings[i] ?? null;
          const n = s === null ? Number.NaN : decimalValue(s);
          if (Number.isNaN(n)) {
            if (s !== null && s.trim() !== '') {
              numeric = false;
              break;
            }
            values[i] = Number.NaN;
            missing ??= new Uint8Array(this.strings.length);
            missing[i] = 1;
            continue;
          }
          values[i] = n;
        }
        if (numeric) return missing ? { kind: 'number', values, missing } : { kind: 'number', values };
      }
      return { kind: 'string', values: this.strings };
    }
    const values = this.numbers.done();
    const missing = this.missing?.slice(0, this.length);
    return missing ? { kind: 'number', values, missing } : { kind: 'number', values };
  }
}
