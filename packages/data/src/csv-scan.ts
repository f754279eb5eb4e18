import { UserError } from '@mlops-actions/core';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

/** How a field's bytes are read: as they are, or through `unquoteField` (doubled quotes, text after the closing quote). */
const PLAIN = 0;
export const RAW_QUOTED = 2;

/**
 * Bytes held before a scan: sources deliver 16–64 KiB chunks (pipes, S3 bodies), and scanning each on its own would
 * copy every chunk into a fresh buffer with the previous chunk's tail; gathering 1 MiB first makes that one copy per
 * MiB, and a scan per MiB rather than per chunk.
 */
const MIN_SCAN_BYTES = 1 << 20;

/** The default for ReadOptions.maxRecordBytes: far above any real record, low enough to fail in seconds. */
export const DEFAULT_MAX_RECORD_BYTES = 128 * 1024 * 1024;

/** `134217728` as `128 MiB` for messages. */
function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}

/**
 * Splits CSV/TSV bytes into records and fields without making a string: each field is a byte range of `bytes`
 * (`starts`/`ends`, with `kinds` saying whether it must be unquoted). Quoting follows RFC 4180 as the text reader did:
 * a `"` opens a quoted field only at the start of a field, `""` inside it is one quote, LF or CRLF ends a record.
 *
 * Linear time on any input: when a record is still incomplete at the end of the bytes read so far, it is scanned
 * again only once the bytes held have doubled, so a stray quote or a file without newlines costs O(n), not O(n²);
 * and a record longer than `maxRecordBytes` is an error naming the line, so memory stays bounded.
 */
export class CsvScanner {
  /** The bytes the current record's ranges point into. */
  bytes: Buffer = EMPTY;
  /** Fields of the current record. */
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  kinds = new Uint8Array(64);
  /** The line the current record starts on (1-based; quoted newlines count). */
  line = 1;
  private nextLine = 1;
  private pos = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes to hold before scanning an incomplete record again (doubling keeps the total work linear). */
  private wanted = 0;
  private started = false;
  private ended = false;
  /** Whether the last incomplete record stopped inside a quoted field (for the error). */
  private inQuote = false;
  private readonly delimiter: number;
  private readonly source: string;
  private readonly maxRecordBytes: number;

  /**
   * `startLine`: the line the bytes start on; `midFile`: they are a byte range that starts at a record boundary
   * inside a file (csv-ranges.ts), where, unlike at the start of a file, a leading byte order mark is text.
   */
  constructor(delimiter: string, source: string, maxRecordBytes: number, startLine = 1, midFile = false) {
    this.delimiter = delimiter.charCodeAt(0);
    this.source = source;
    this.maxRecordBytes = maxRecordBytes;
    this.line = this.nextLine = startLine;
    this.started = midFile;
  }

  /** The line after the last record scanned (the line the next byte would be on). */
  get endLine(): number {
    return this.nextLine;
  }

  /** Add a chunk; true when enough is held to scan for records (then call `next` until it returns false). */
  push(chunk: Buffer): boolean {
    if (chunk.length === 0) return false;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const held = this.bytes.length - this.pos + this.pendingBytes;
    if (held < Math.max(this.wanted, MIN_SCAN_BYTES) && held <= this.maxRecordBytes) return false;
    this.take();
    return true;
  }

  /** The end of the input: every byte held is scanned, the last record may lack its line end. */
  end(): void {
    this.take();
    this.ended = true;
  }

  private take(): void {
    const tail = this.bytes.subarray(this.pos);
    this.bytes =
      tail.length === 0 && this.pending.length === 1
        ? this.pending[0]!
        : Buffer.concat([tail, ...this.pending]);
    this.pending = [];
    this.pendingBytes = 0;
    this.pos = 0;
    if (!this.started && this.bytes.length > 0) {
      this.started = true;
      // A UTF-8 byte order mark is not part of the first column's name.
      if (this.bytes[0] === 0xef && this.bytes[1] === 0xbb && this.bytes[2] === 0xbf) this.pos = 3;
    }
  }

  /**
   * Scan the next non-blank record into the field arrays; false when the bytes held end inside it (before `end`) or
   * when none is left. Throws when a record exceeds maxRecordBytes or a quoted field is never closed.
   */
  next(): boolean {
    const final = this.ended;
    for (;;) {
      const start = this.pos;
      if (start >= this.bytes.length) return false;
      this.line = this.nextLine;
      const newlines = this.scan(start, final);
      if (newlines < 0) {
        const held = this.bytes.length - start;
        if (held > this.maxRecordBytes) this.tooLong(false);
        this.wanted = Math.max(held * 2, 1);
        return false;
      }
      this.wanted = 0;
      if (this.pos - start > this.maxRecordBytes) this.tooLong(true);
      this.nextLine = this.line + newlines;
      // A blank line (one empty field) is not a record.
      if (this.count === 1 && this.starts[0] === this.ends[0]) continue;
      return true;
    }
  }

  private tooLong(complete: boolean): never {
    const limit = formatBytes(this.maxRecordBytes);
    throw new UserError(
      this.inQuote
        ? `${this.source}, line ${this.line}: a quoted field opened in this record is not closed within max-record-bytes (${limit}).`
        : `${this.source}, line ${this.line}: the record is longer than max-record-bytes (${limit})${complete ? '' : ' without a line end'}.`,
      {
        hint: this.inQuote
          ? 'Check for a stray `"` in that line: a quote opens a field that runs to the next quote.'
          : 'Check that the file is CSV with LF or CRLF line ends; raise max-record-bytes if records really are this long.',
      },
    );
  }

  private field(k: number, start: number, end: number, kind: number): void {
    if (k === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T) => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts, (n) => new Int32Array(n));
      this.ends = grow(this.ends, (n) => new Int32Array(n));
      this.kinds = grow(this.kinds, (n) => new Uint8Array(n));
    }
    this.starts[k] = start;
    this.ends[k] = end;
    this.kinds[k] = kind;
  }

  /** Scan one record from `i`: the number of lines it spans, or -1 when the bytes held end inside it. */
  private scan(from: number, final: boolean): number {
    const b = this.bytes;
    const n = b.length;
    const delimiter = this.delimiter;
    let i = from;
    let k = 0;
    let newlines = 0;
    this.inQuote = false;
    for (;;) {
      let kind = PLAIN;
      let start = i;
      let end: number;
      let j: number;
      if (i < n && b[i] === QUOTE) {
        // A quoted field: jump from quote to quote.
        let q = i + 1;
        for (;;) {
          q = b.indexOf(QUOTE, q);
          if (q < 0 || (q + 1 >= n && !final)) {
            if (!final) {
              this.inQuote = true;
              return -1;
            }
            throw new UserError(
              `${this.source}: a quoted field opened on line ${this.line + newlines} is never closed.`,
              { hint: 'Check for a stray `"`: a quote opens a field that runs to the next quote.' },
            );
          }
          if (b[q + 1] !== QUOTE) break;
          kind = RAW_QUOTED;
          q += 2;
        }
        newlines += countLf(b, i + 1, q);
        // Text after the closing quote belongs to the field (as the text reader kept it).
        j = q + 1;
        while (j < n && b[j] !== delimiter && b[j] !== LF) j++;
        if (j >= n && !final) return -1;
        end = j;
        // CRLF ends the line; a lone CR at the very end of the input stays in a quoted line (as the text reader kept it).
        if (j < n && b[j] === LF && end > q + 1 && b[end - 1] === CR) end--;
        if (kind === PLAIN && end === q + 1) {
          start = i + 1;
          end = q;
        } else kind = RAW_QUOTED;
      } else {
        j = i;
        while (j < n && b[j] !== delimiter && b[j] !== LF) j++;
        if (j >= n && !final) return -1;
        end = j;
        // CRLF: the CR is part of the line end, not of the last field (at the end of the input, only in a line
        // without quotes: the text reader's two paths differed there, and files keep their meaning).
        if (end > start && b[end - 1] === CR && (j < n ? b[j] === LF : b.indexOf(QUOTE, from) < 0)) end--;
      }
      this.field(k++, start, end, kind);
      if (j < n && b[j] === delimiter) {
        i = j + 1;
        continue;
      }
      this.count = k;
      this.pos = j < n ? j + 1 : n;
      return newlines + 1;
    }
  }
}

/** Line feeds in b[from, to). */
function countLf(b: Buffer, from: number, to: number): number {
  let count = 0;
  for (let p = b.indexOf(LF, from); p >= 0 && p < to; p = b.indexOf(LF, p + 1)) count++;
  return count;
}

/** The content of a RAW_QUOTED field: quotes removed, `""` inside quotes as one `"`, text after the close kept. */
export function unquoteField(b: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  let o = 0;
  let quoted = false;
  let i = start;
  if (b[i] === QUOTE) {
    quoted = true;
    i++;
  }
  while (i < end) {
    const c = b[i]!;
    if (quoted && c === QUOTE) {
      if (i + 1 < end && b[i + 1] === QUOTE) {
        out[o++] = QUOTE;
        i += 2;
        continue;
      }
      quoted = false;
      i++;
      continue;
    }
    out[o++] = c;
    i++;
  }
  return out.subarray(0, o);
}
