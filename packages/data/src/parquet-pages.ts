import { gunzipSync } from 'node:zlib';
import type { CompressionCodec } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

/**
 * The page layer of a flat Parquet column chunk, read from its bytes: page headers (Thrift compact protocol), page
 * decompression, and the RLE / bit-packed hybrid that holds definition levels and dictionary indices. Only what the
 * typed decoders in parquet-chunk.ts need; anything else is reported as unsupported so the caller can hand the
 * chunk to hyparquet.
 */

/** A page's header fields that matter here (ids as in parquet.thrift). */
export interface PageHeader {
  /** 0 data page, 2 dictionary page, 3 data page v2 (1, the index page, is skipped). */
  type: number;
  uncompressedSize: number;
  compressedSize: number;
  numValues: number;
  encoding: number;
  /** Data page v1: the definition levels' encoding (3 RLE; 4 BIT_PACKED is not read here). */
  definitionEncoding: number;
  /** Data page v2 only. */
  definitionBytes: number;
  repetitionBytes: number;
  compressed: boolean;
}

/** A cursor over bytes. */
export interface Cursor {
  b: Uint8Array;
  at: number;
}

function varint(c: Cursor): number {
  let v = 0;
  let scale = 1;
  for (;;) {
    const byte = c.b[c.at++]!;
    v += (byte & 0x7f) * scale;
    if (byte < 0x80) return v;
    scale *= 128;
  }
}

const zigzag = (v: number) => (v % 2 === 0 ? v / 2 : -(v + 1) / 2);

/** Skip one value of compact type `type`, or read it when it is an integer (the only scalars a page header needs). */
function value(c: Cursor, type: number): number | Map<number, unknown> | undefined {
  switch (type) {
    case 1:
    case 2:
      return type === 1 ? 1 : 0;
    case 3:
      c.at++;
      return undefined;
    case 4:
    case 5:
    case 6:
      return zigzag(varint(c));
    case 7:
      c.at += 8;
      return undefined;
    case 8: {
      const length = varint(c); // read first: `c.at += varint(c)` would add to the position before the varint
      c.at += length;
      return undefined;
    }
    case 9:
    case 10: {
      const head = c.b[c.at++]!;
      const size = head >> 4 === 15 ? varint(c) : head >> 4;
      for (let k = 0; k < size; k++) value(c, head & 15);
      return undefined;
    }
    case 11: {
      const size = varint(c);
      if (size === 0) return undefined;
      const types = c.b[c.at++]!;
      for (let k = 0; k < size; k++) {
        value(c, types >> 4);
        value(c, types & 15);
      }
      return undefined;
    }
    case 12:
      return struct(c);
    default:
      throw new Error(`Thrift compact type ${type} unknown`);
  }
}

/** A struct's fields by id (booleans as 1 / 0; strings, doubles and lists skipped). */
function struct(c: Cursor): Map<number, unknown> {
  const fields = new Map<number, unknown>();
  let id = 0;
  for (;;) {
    const head = c.b[c.at++]!;
    if (head === 0) return fields;
    const delta = head >> 4;
    id = delta === 0 ? zigzag(varint(c)) : id + delta;
    fields.set(id, value(c, head & 15));
  }
}

/** The page header at the cursor (advanced past it). */
export function readPageHeader(c: Cursor): PageHeader {
  const f = struct(c);
  const type = f.get(1) as number;
  const inner = (f.get(type === 0 ? 5 : type === 2 ? 7 : 8) as Map<number, unknown> | undefined) ?? new Map();
  const n = (id: number) => (inner.get(id) as number | undefined) ?? 0;
  return {
    type,
    uncompressedSize: f.get(2) as number,
    compressedSize: f.get(3) as number,
    numValues: n(1),
    encoding: type === 3 ? n(4) : n(2),
    definitionEncoding: type === 0 ? n(3) : 3,
    definitionBytes: type === 3 ? n(5) : 0,
    repetitionBytes: type === 3 ? n(6) : 0,
    compressed: type === 3 ? inner.get(7) !== 0 : true,
  };
}

type Inflate = (input: Uint8Array, outputLength: number) => Uint8Array;
const inflaters = new Map<string, Inflate>([
  ['UNCOMPRESSED', (input) => input],
  // zlib is native and faster than the JavaScript gunzip; the rest come from hyparquet-compressors (as before).
  ['GZIP', (input) => gunzipSync(input)],
  ...(Object.entries(compressors) as [string, Inflate][]).filter(([name]) => name !== 'GZIP'),
]);

/** Whether pages of this codec can be inflated here. */
export function canInflate(codec: CompressionCodec): boolean {
  return inflaters.has(codec);
}

/** The uncompressed bytes of a page body. */
export function inflate(codec: CompressionCodec, input: Uint8Array, outputLength: number): Uint8Array {
  const output = inflaters.get(codec)!(input, outputLength);
  if (output.length !== outputLength)
    throw new Error(`${codec} page inflated to ${output.length} bytes, expected ${outputLength}`);
  return output;
}

/**
 * `count` values of the RLE / bit-packed hybrid at the cursor (bit width `width`, at most 32) into `out`, up to
 * the cursor's `end`.
 */
export function readHybrid(c: Cursor, end: number, width: number, out: Int32Array, count: number): void {
  const b = c.b;
  const bytes = (width + 7) >> 3;
  const mask = width === 32 ? -1 : (1 << width) - 1;
  let o = 0;
  while (o < count && c.at < end) {
    const header = varint(c);
    if ((header & 1) === 0) {
      const run = Math.min(header >>> 1, count - o);
      let v = 0;
      for (let k = 0; k < bytes; k++) v |= b[c.at + k]! << (8 * k);
      c.at += bytes;
      out.fill(v, o, o + run);
      o += run;
    } else {
      const groups = header >>> 1;
      const stop = c.at + groups * width;
      let bit = 0;
      const values = Math.min(groups * 8, count - o);
      for (let k = 0; k < values; k++) {
        let v = 0;
        let got = 0;
        while (got < width) {
          const at = c.at + (bit >> 3);
          const shift = bit & 7;
          const take = Math.min(8 - shift, width - got);
          v |= ((b[at]! >> shift) & ((1 << take) - 1)) << got;
          got += take;
          bit += take;
        }
        out[o++] = v & mask;
      }
      c.at = stop;
    }
  }
  if (o < count) throw new Error(`RLE / bit-packed data ended after ${o} of ${count} values`);
}
