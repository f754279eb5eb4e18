import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
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
function inflated(head: Buffer, rest: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  if (!(head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b)) {
    return (async function* () {
      yield head;
      yield* rest;
    })();
  }
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
async function* byteChunks(stream: Readable, source: string): AsyncGenerator<Buffer> {
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const rest = { [Symbol.asyncIterator]: () => iterator } as AsyncIterable<Buffer>;
  try {
    yield* inflated(first.value as Buffer, rest);
  } catch (error) {
    // Recognised by zlib's error codes (corrupt data, truncated stream), not their wording.
    const code = (error as { code?: string }).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      throw new UserError(`${source}: the gzip data is corrupt or truncated.`);
    }
    throw error;
  }
}

/** The text of an object (see byteChunks), decoded as strict UTF-8: invalid bytes are an error naming their offset. */
export async function* textChunks(stream: Readable, source: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  let current: Uint8Array | undefined;
  try {
    for await (const chunk of byteChunks(stream, source)) {
      current = chunk;
      yield decoder.decode(chunk, { stream: true });
      offset += chunk.length;
    }
    current = undefined;
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      const at = offset + (current ? firstInvalidUtf8(current) : 0);
      throw new UserError(`${source}: the file is not valid UTF-8 (byte ${at}).`, {
        hint: 'Re-export it as UTF-8.',
      });
    }
    throw error;
  }
}
