/**
 * The byte scanner of JSON Lines' common case: one flat object per line whose requested values are scalars. It
 * validates the whole line as strictly as JSON.parse and records, for each requested column, the kind and byte range
 * of its value (the last one when a key repeats, as JSON.parse keeps). Anything else (a nested value of a requested
 * column, an escaped key, a lone surrogate, deep nesting, invalid JSON, Unicode whitespace at the ends) makes `scan`
 * return false, and the reader parses that line as text, which decides its values and errors as before. So the scanner
 * only has to be right where it answers.
 */

import { hex4, numberEnd } from './json-tokens.js';

// Value kinds. STRING: a string without escapes, its bytes between the quotes; ESCAPED: a string with escapes, its
// unescaped UTF-8 bytes in `scratch`.
export const ABSENT = 0,
  STRING = 1,
  ESCAPED = 2,
  NUMBER = 3,
  TRUE = 4,
  FALSE = 5,
  NULL = 6;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** Nesting deeper than this (in values nobody asked for) goes to JSON.parse rather than deeper recursion here. */
const MAX_DEPTH = 32;

/** JSON whitespace inside a line (a line holds no LF). */
const isSpace = (c: number | undefined) => c === 0x20 || c === 0x09 || c === 0x0d;
/** ASCII whitespace String.prototype.trim removes at a line's ends (tab to CR, space). */
const isEdgeSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

function skipSpace(b: Uint8Array, i: number): number {
  while (isSpace(b[i])) i++;
  return i;
}

/** The literal (TRUE, FALSE, NULL) at b[i], or ABSENT. */
function literal(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c === 0x74 && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) return TRUE;
  if (c === 0x66 && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65)
    return FALSE;
  if (c === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) return NULL;
  return ABSENT;
}

/** Scans lines for a fixed set of requested columns; reuse one per file. */
export class JsonLineScanner {
  /** Per requested column (in the order given): the kind of its value on the last line scanned, and its range. */
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Unescaped strings of the last line (ESCAPED ranges point here). */
  scratch: Buffer = Buffer.allocUnsafe(256);
  private used = 0;
  private readonly names: Buffer[];
  /** Many columns (`'*'` on a wide file): found by name in a Map, not by comparing each key with every name. */
  private readonly index: Map<string, number> | undefined;
  /** The dotted names' leading parts (`a` of `a.b`): a nested value there is the text reader's to walk. */
  private readonly prefixes: Set<string>;

  constructor(names: readonly string[]) {
    this.names = names.map((n) => Buffer.from(n, 'utf8'));
    this.index = names.length > 16 ? new Map(names.map((n, p) => [n, p])) : undefined;
    this.kinds = new Uint8Array(names.length);
    this.starts = new Int32Array(names.length);
    this.ends = new Int32Array(names.length);
    this.prefixes = new Set();
    for (const n of names) {
      for (let dot = n.indexOf('.'); dot >= 0; dot = n.indexOf('.', dot + 1))
        this.prefixes.add(n.slice(0, dot));
    }
  }

  /** Scan the line b[s, e) (no LF); false when it is not in the scanner's shapes (then parse it as text). */
  scan(b: Buffer, s: number, e: number): boolean {
    let i = s;
    let end = e;
    while (i < end && isEdgeSpace(b[i]!)) i++;
    while (end > i && isEdgeSpace(b[end - 1]!)) end--;
    if (b[i] !== OPEN_OBJECT || b[end - 1] !== CLOSE_OBJECT || end - i < 2) return false;
    this.kinds.fill(ABSENT);
    this.used = 0;
    i = skipSpace(b, i + 1);
    if (b[i] === CLOSE_OBJECT) return i === end - 1;
    for (;;) {
      if (b[i] !== QUOTE) return false;
      const ks = i + 1;
      let k = ks;
      for (;;) {
        if (k >= end) return false;
        const c = b[k]!;
        if (c === QUOTE) break;
        // Escaped keys (rare) are compared after decoding, by the text reader; control characters are invalid.
        if (c === BACKSLASH || c < 0x20) return false;
        k++;
      }
      const column = this.column(b, ks, k);
      i = skipSpace(b, k + 1);
      if (b[i] !== COLON) return false;
      i = skipSpace(b, i + 1);
      const c = b[i];
      if (c === QUOTE) {
        const close = this.string(b, i + 1, end, column);
        if (close < 0) return false;
        i = close + 1;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (column >= 0 || (this.prefixes.size > 0 && this.prefixes.has(b.toString('utf8', ks, k))))
          return false;
        i = this.value(b, i, end, 1);
        if (i < 0) return false;
      } else {
        let kind = NUMBER;
        let j = numberEnd(b, i);
        if (j < 0) {
          kind = literal(b, i);
          if (kind === ABSENT) return false;
          j = i + (kind === FALSE ? 5 : 4);
        }
        if (column >= 0) this.set(column, kind, i, j);
        i = j;
      }
      i = skipSpace(b, i);
      if (b[i] === COMMA) {
        i = skipSpace(b, i + 1);
        continue;
      }
      return b[i] === CLOSE_OBJECT && i === end - 1;
    }
  }

  private set(column: number, kind: number, s: number, e: number): void {
    this.kinds[column] = kind;
    this.starts[column] = s;
    this.ends[column] = e;
  }

  /** The requested column named by the key b[s, e), or -1. */
  private column(b: Buffer, s: number, e: number): number {
    if (this.index) return this.index.get(b.toString('utf8', s, e)) ?? -1;
    const length = e - s;
    const names = this.names;
    for (let p = 0; p < names.length; p++) {
      const name = names[p]!;
      if (name.length !== length) continue;
      let k = 0;
      while (k < length && name[k] === b[s + k]) k++;
      if (k === length) return p;
    }
    return -1;
  }

  /**
   * The string starting after its opening quote at `s`: the index of its closing quote, or -1 when it is invalid or
   * holds a lone surrogate. Records it for `column` (when >= 0), unescaped into `scratch` when it has escapes.
   */
  private string(b: Uint8Array, s: number, end: number, column: number): number {
    let j = s;
    for (;;) {
      if (j >= end) return -1;
      const c = b[j]!;
      if (c === QUOTE) break;
      if (c === BACKSLASH) return this.escaped(b, s, end, column);
      if (c < 0x20) return -1;
      j++;
    }
    if (column >= 0) this.set(column, STRING, s, j);
    return j;
  }

  private escaped(b: Uint8Array, s: number, end: number, column: number): number {
    // Unescaped text is never longer than its escaped form.
    if (this.used + (end - s) > this.scratch.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.used + (end - s)));
      this.scratch.copy(grown, 0, 0, this.used);
      this.scratch = grown;
    }
    const out = this.scratch;
    const from = this.used;
    let o = from;
    let j = s;
    for (;;) {
      if (j >= end) return -1;
      const c = b[j]!;
      if (c === QUOTE) break;
      if (c < 0x20) return -1;
      if (c !== BACKSLASH) {
        out[o++] = c;
        j++;
        continue;
      }
      const x = b[j + 1];
      j += 2;
      let unit: number;
      if (x === 0x75) {
        unit = hex4(b, j);
        if (unit < 0) return -1;
        j += 4;
        if (unit >= 0xdc00 && unit <= 0xdfff) return -1; // a lone low surrogate
        if (unit >= 0xd800 && unit <= 0xdbff) {
          const low = b[j] === BACKSLASH && b[j + 1] === 0x75 ? hex4(b, j + 2) : -1;
          if (low < 0xdc00 || low > 0xdfff) return -1; // a lone high surrogate: UTF-8 cannot hold it
          j += 6;
          const point = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
          out[o++] = 0xf0 | (point >> 18);
          out[o++] = 0x80 | ((point >> 12) & 0x3f);
          out[o++] = 0x80 | ((point >> 6) & 0x3f);
          out[o++] = 0x80 | (point & 0x3f);
          continue;
        }
      } else if (x === QUOTE || x === BACKSLASH || x === 0x2f) unit = x;
      else if (x === 0x62) unit = 0x08;
      else if (x === 0x66) unit = 0x0c;
      else if (x === 0x6e) unit = 0x0a;
      else if (x === 0x72) unit = 0x0d;
      else if (x === 0x74) unit = 0x09;
      else return -1;
      if (unit < 0x80) out[o++] = unit;
      else if (unit < 0x800) {
        out[o++] = 0xc0 | (unit >> 6);
        out[o++] = 0x80 | (unit & 0x3f);
      } else {
        out[o++] = 0xe0 | (unit >> 12);
        out[o++] = 0x80 | ((unit >> 6) & 0x3f);
        out[o++] = 0x80 | (unit & 0x3f);
      }
    }
    if (column >= 0) {
      this.set(column, ESCAPED, from, o);
      this.used = o;
    }
    return j;
  }

  /** Validate the value at b[i] (nobody asked for it): the index after it, or -1. */
  private value(b: Uint8Array, i: number, end: number, depth: number): number {
    const c = b[i];
    if (c === QUOTE) {
      const close = this.string(b, i + 1, end, -1);
      return close < 0 ? -1 : close + 1;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth > MAX_DEPTH) return -1;
      const object = c === OPEN_OBJECT;
      const close = object ? CLOSE_OBJECT : CLOSE_ARRAY;
      let j = skipSpace(b, i + 1);
      if (b[j] === close) return j + 1;
      for (;;) {
        if (object) {
          if (b[j] !== QUOTE) return -1;
          const k = this.string(b, j + 1, end, -1);
          if (k < 0) return -1;
          j = skipSpace(b, k + 1);
          if (b[j] !== COLON) return -1;
          j = skipSpace(b, j + 1);
        }
        j = this.value(b, j, end, depth + 1);
        if (j < 0) return -1;
        j = skipSpace(b, j);
        if (b[j] === COMMA) j = skipSpace(b, j + 1);
        else return b[j] === close && j < end ? j + 1 : -1;
      }
    }
    const j = numberEnd(b, i);
    if (j >= 0) return j;
    const kind = literal(b, i);
    return kind === ABSENT ? -1 : i + (kind === FALSE ? 5 : 4);
  }
}
