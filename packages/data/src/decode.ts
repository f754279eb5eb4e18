import { isUtf8 } from 'node:buffer';
import { UserError } from '@mlops-actions/core';

/** Index of the first byte that starts an invalid UTF-8 sequence (the chunk length when none is found). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n =
      b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      if (i + k >= bytes.length) return bytes.length; // a sequence split at the chunk end is not the error
      if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return bytes.length;
}

/** The bytes of a stream, inflated when it starts with the gzip magic bytes (whatever the object's name). */
async function inflated(head: Buffer, rest: AsyncIterable<Buffer>): Promise<AsyncIterable<Buffer>> {
  if (!(head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b)) {
    return (async function* () {
      yield head;
      yield* rest;
    })();
  }
  // Imported for gzip data only: node:zlib takes ~2 ms to load, which a run on plain files never pays (start-up).
  const { createGunzip } = await import('node:zlib');
  const gunzip = createGunzip({ chunkSize: 1 << 18 }); // larger output chunks: fewer parser round trips
  (async () => {
    try {
      gunzip.write(head);
      for await (const chunk of rest)
        if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
      gunzip.end();
    } catch (error) {
      gunzip.destroy(error as Error);
    }
  })();
  return gunzip;
}

/**
 * The bytes of an object, inflated when they start with the gzip magic bytes (whatever the object's name); corrupt
 * or truncated gzip data is an error naming the source. A byte-level format reader starts here.
 */
async function* byteChunks(stream: AsyncIterable<Buffer>, source: string): AsyncGenerator<Buffer> {
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const rest = { [Symbol.asyncIterator]: () => iterator } as AsyncIterable<Buffer>;
  try {
    yield* await inflated(first.value as Buffer, rest);
  } catch (error) {
    // Recognised by zlib's error codes (corrupt data, truncated stream), not their wording.
    const code = (error as { code?: string }).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      throw new UserError(`${source}: the gzip data is corrupt or truncated.`);
    }
    throw error;
  }
}

/** Where a UTF-8 sequence cut off by the end of `bytes` starts (the length when the last one is whole). */
function wholeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let p = n - 1; p >= 0 && p >= n - 4; p--) {
    const b = bytes[p]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead byte
    const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return p + size > n ? p : n;
  }
  return n;
}

const notUtf8 = (source: string, at: number) =>
  new UserError(`${source}: the file is not valid UTF-8 (byte ${at}).`, { hint: 'Re-export it as UTF-8.' });

/** Parquet's magic bytes, at the start (and end) of every Parquet file. */
const PARQUET_MAGIC = Buffer.from('PAR1');

/**
 * A Parquet file read as text (named `.csv`, or `auto` chose text) would fail as "not UTF-8" or parse as garbage:
 * it starts with `PAR1` followed by binary (NUL bytes, which text never holds), so say what it is.
 */
function refuseParquet(head: Buffer, source: string): void {
  if (head.length < 5 || !head.subarray(0, 4).equals(PARQUET_MAGIC)) return;
  if (!head.subarray(0, 4096).includes(0)) return;
  throw new UserError(
    `${source} is a Parquet file (it starts with the Parquet magic bytes PAR1), not text.`,
    {
      hint: 'Rename it to end in .parquet (or set `format: parquet` where the action has that input).',
    },
  );
}

/**
 * The bytes of an object (see byteChunks), checked to be strict UTF-8 (invalid bytes are an error naming their
 * offset) and cut so that no chunk ends inside a character: a byte-level reader can decode any range it finds.
 * `from`: the stream is the file's bytes from this offset on (error offsets count from the file's start).
 */
export async function* utf8Chunks(
  stream: AsyncIterable<Buffer>,
  source: string,
  from = 0,
): AsyncGenerator<Buffer> {
  let carry: Buffer | undefined;
  let offset = from;
  // A byte range inside a file (from > 0) is the file's own bytes: neither a gzip stream nor a Parquet file's start.
  const bytes = from > 0 ? stream : byteChunks(stream, source);
  for await (const raw of bytes) {
    if (offset === 0 && !carry) refuseParquet(raw, source);
    const chunk = carry ? Buffer.concat([carry, raw]) : raw;
    const cut = wholeLength(chunk);
    const body = cut === chunk.length ? chunk : chunk.subarray(0, cut);
    if (!isUtf8(body)) throw notUtf8(source, offset + firstInvalidUtf8(body));
    carry = cut === chunk.length ? undefined : Buffer.from(chunk.subarray(cut));
    offset += cut;
    if (body.length > 0) yield body;
  }
  if (carry) throw notUtf8(source, offset);
}

/** The text of UTF-8 chunks (see utf8Chunks), for the readers that parse text (JSON Lines). */
export async function* textChunks(bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of bytes) yield decoder.decode(chunk, { stream: true });
  const tail = decoder.decode();
  if (tail) yield tail;
}
