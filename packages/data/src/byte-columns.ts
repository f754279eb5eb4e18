import { idHash } from '@mlops-actions/core';
import { fastDecimal, fastTimestamp } from './byte-cells.js';
import { type CellPlace, decimalValue, parseNumberCell, parseTimestampCell } from './cells.js';
import { ByteInterner, decodeText, isAscii } from './intern.js';
import type { BytesColumn, Column, ColumnRequest } from './types.js';

/**
 * Builds one requested column of a batch from cells given as byte ranges (the CSV reader's path): numbers and
 * timestamps parsed from the bytes, strings interned by their bytes. Cells outside the fast shapes are decoded and
 * parsed by the text parsers, so values and error messages are the text reader's.
 */
export interface ByteColumnBuilder {
  readonly name: string;
  /** Add the cell b[s, e) of the row on `line`. */
  push(b: Buffer, s: number, e: number, line: number): void;
  /** The finished column of the rows pushed so far; the builder then starts a new batch. */
  build(): Column | BytesColumn;
}

const text = (b: Buffer, s: number, e: number) => decodeText(b, s, e, isAscii(b, s, e));

/** Number and timestamp columns: a Float64Array per batch, missing cells flagged. */
class NumericBytes implements ByteColumnBuilder {
  private values: Float64Array;
  private missing: Uint8Array | undefined;
  private length = 0;
  private readonly place: CellPlace;
  readonly name: string;
  private readonly timestamp: boolean;
  private readonly allowNonFinite: boolean;
  private readonly capacity: number;
  constructor(name: string, timestamp: boolean, allowNonFinite: boolean, capacity: number, source: string) {
    this.name = name;
    this.timestamp = timestamp;
    this.allowNonFinite = allowNonFinite;
    this.capacity = capacity;
    this.values = new Float64Array(capacity);
    this.place = { source, record: 0, column: name };
  }

  push(b: Buffer, s: number, e: number, line: number): void {
    const i = this.length++;
    let v = s === e ? Number.NaN : this.timestamp ? fastTimestamp(b, s, e) : fastDecimal(b, s, e);
    if (Number.isNaN(v)) {
      // Empty or in another shape: the text parsers decide (and name the cell when it is wrong).
      const cell = text(b, s, e);
      this.place.record = line;
      v = this.timestamp
        ? parseTimestampCell(cell, this.place)
        : parseNumberCell(cell, this.place, this.allowNonFinite);
      if (cell.trim() === '') {
        this.missing ??= new Uint8Array(this.capacity);
        this.missing[i] = 1;
      }
    }
    this.values[i] = v;
  }

  build(): Column {
    // Copies: the buffer is reused for the next batch (every slot is written before it is read).
    const values = this.values.slice(0, this.length);
    const missing = this.missing?.slice(0, this.length);
    this.missing = undefined;
    this.length = 0;
    return missing ? { kind: 'number', values, missing } : { kind: 'number', values };
  }
}

/** String columns: one shared string per distinct value (see ByteInterner); empty cells are null. */
class StringBytes implements ByteColumnBuilder {
  private values: (string | null)[] = [];
  private readonly interner = new ByteInterner();
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }

  push(b: Buffer, s: number, e: number): void {
    this.values.push(s === e ? null : this.interner.intern(b, s, e));
  }

  build(): Column {
    const values = this.values;
    this.values = [];
    return { kind: 'string', values };
  }
}

/**
 * String columns requested as bytes (ids): the cells' bytes copied into one buffer per batch, no string at all, and
 * each cell's idHash computed while its bytes are in cache, so evaluate-challenger's join never walks them again (and
 * a champion read on a worker thread is hashed there, beside the challenger's read).
 */
class TextAsBytes implements ByteColumnBuilder {
  private arena = new Uint8Array(1 << 16);
  private readonly offsets: Uint32Array;
  private readonly hashes: Int32Array;
  private missing: Uint8Array | undefined;
  private length = 0;
  readonly name: string;
  private readonly capacity: number;
  constructor(name: string, capacity: number) {
    this.name = name;
    this.capacity = capacity;
    this.offsets = new Uint32Array(capacity + 1);
    this.hashes = new Int32Array(capacity);
  }

  push(b: Buffer, s: number, e: number): void {
    const i = this.length++;
    const at = this.offsets[i]!;
    const end = at + e - s;
    if (end > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, end));
      grown.set(this.arena.subarray(0, at));
      this.arena = grown;
    }
    // A loop: ids are short, and a subarray per cell would be garbage.
    for (let k = s, o = at; k < e; k++, o++) this.arena[o] = b[k]!;
    this.hashes[i] = idHash(b, s, e);
    this.offsets[i + 1] = end;
    if (s === e) {
      this.missing ??= new Uint8Array(this.capacity);
      this.missing[i] = 1;
    }
  }

  build(): BytesColumn {
    const length = this.length;
    const offsets = this.offsets.slice(0, length + 1);
    const bytes = this.arena.slice(0, offsets[length]!);
    const hashes = this.hashes.slice(0, length);
    const missing = this.missing?.slice(0, length);
    this.missing = undefined;
    this.length = 0;
    const column: BytesColumn = { kind: 'bytes', bytes, offsets, hashes };
    if (missing) column.missing = missing;
    return column;
  }
}

/**
 * 'auto' columns (feature discovery): numbers while every non-blank cell of the batch is a plain decimal, else the
 * cells' text. The cells' bytes are kept until the batch is built, so a batch that turns out to hold text gets its
 * earlier cells as they were written (not as numbers printed again).
 */
class AutoBytes implements ByteColumnBuilder {
  private values: Float64Array;
  private missing: Uint8Array | undefined;
  private strings: (string | null)[] | undefined;
  private arena = Buffer.allocUnsafe(256); // grown by doubling (a file may have 100,000 columns)
  private ends: Int32Array;
  private length = 0;
  private readonly interner = new ByteInterner();
  readonly name: string;
  private readonly capacity: number;
  constructor(name: string, capacity: number) {
    this.name = name;
    this.capacity = capacity;
    // Grown by doubling up to the batch size: a file may have 100,000 columns.
    this.values = new Float64Array(Math.min(capacity, 256));
    this.ends = new Int32Array(this.values.length + 1);
  }

  private grow(): void {
    const size = Math.min(this.capacity, this.values.length * 2);
    const values = new Float64Array(size);
    values.set(this.values);
    this.values = values;
    const ends = new Int32Array(size + 1);
    ends.set(this.ends);
    this.ends = ends;
    if (this.missing) {
      const missing = new Uint8Array(size);
      missing.set(this.missing);
      this.missing = missing;
    }
  }

  push(b: Buffer, s: number, e: number): void {
    const i = this.length++;
    if (i === this.values.length && !this.strings) this.grow();
    if (this.strings) {
      this.strings.push(s === e ? null : this.interner.intern(b, s, e));
      return;
    }
    this.keep(i, b, s, e);
    let v = s === e ? Number.NaN : fastDecimal(b, s, e);
    if (Number.isNaN(v)) {
      const cell = text(b, s, e);
      v = decimalValue(cell);
      if (Number.isNaN(v)) {
        if (cell.trim() !== '') {
          this.toStrings();
          return;
        }
        this.missing ??= new Uint8Array(this.values.length);
        this.missing[i] = 1;
      }
    }
    this.values[i] = v;
  }

  /** Copy the cell's bytes (a loop: cells are short, and a subarray per cell would be garbage). */
  private keep(i: number, b: Buffer, s: number, e: number): void {
    const at = this.ends[i]!;
    const end = at + e - s;
    if (end > this.arena.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.arena.length * 2, end));
      this.arena.copy(grown, 0, 0, at);
      this.arena = grown;
    }
    for (let k = s, o = at; k < e; k++, o++) this.arena[o] = b[k]!;
    this.ends[i + 1] = end;
  }

  private toStrings(): void {
    const strings: (string | null)[] = [];
    for (let k = 0; k < this.length; k++) {
      const s = this.ends[k]!;
      const e = this.ends[k + 1]!;
      strings.push(s === e ? null : this.interner.intern(this.arena, s, e));
    }
    this.strings = strings;
  }

  build(): Column {
    const length = this.length;
    let column: Column;
    if (this.strings) column = { kind: 'string', values: this.strings };
    else {
      const values = this.values.slice(0, length);
      const missing = this.missing?.slice(0, length);
      column = missing ? { kind: 'number', values, missing } : { kind: 'number', values };
    }
    this.strings = undefined;
    this.missing = undefined;
    this.length = 0;
    this.ends[0] = 0;
    return column;
  }
}

/** The builder for one requested column; `capacity` is the batch size. */
export function byteColumnBuilder(
  name: string,
  request: ColumnRequest,
  capacity: number,
  source: string,
): ByteColumnBuilder {
  switch (request.type) {
    case 'number':
    case 'timestamp':
      return new NumericBytes(name, request.type === 'timestamp', !!request.allowNonFinite, capacity, source);
    case 'string':
      return request.bytes ? new TextAsBytes(name, capacity) : new StringBytes(name);
    default:
      return new AutoBytes(name, capacity);
  }
}
