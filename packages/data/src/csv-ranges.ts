// Byte ranges of one local CSV/TSV file, for reading it in parallel: where to cut (planCsvRanges) and how to read one
// range with the file's header, line numbers and messages (readCsvRange).
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CsvContinuation, csvBatches } from './csv.js';
import { utf8Chunks } from './decode.js';
import { DEFAULT_BATCH } from './emit.js';
import { normalizeRequests } from './select.js';
import type { ReadOptions, RecordBatch } from './types.js';

/** Bytes read at a nominal cut while looking for the line feed after it (doubled until one is found). */
const PROBE_BYTES = 64 * 1024;

/** Bytes per read of a range (as openSource reads a whole file). */
const READ_CHUNK = 1 << 20;

/** A byte range of a file: bytes [start, end). */
interface ByteRange {
  start: number;
  end: number;
}

/**
 * Cut the first `size` bytes of the file at `path` into ranges of about `rangeBytes` (at least one), each cut just
 * after the first line feed at or past its nominal offset. A cut is a guess, not a proof: a line feed inside a quoted
 * field is not a record boundary. The reader confirms each cut: the range before it, read from a true boundary,
 * ends cleanly there only when the cut is one (see readCsvRange); the first range starts the file, so it is one.
 */
export function planCsvRanges(path: string, size: number, rangeBytes: number): ByteRange[] {
  const count = Math.max(1, Math.ceil(size / rangeBytes));
  const cuts = [0];
  const fd = openSync(path, 'r');
  try {
    for (let k = 1; k < count; k++) {
      const nominal = Math.max(Math.floor((k * size) / count), cuts[cuts.length - 1]!);
      const cut = lineEndAfter(fd, nominal, size);
      if (cut > cuts[cuts.length - 1]! && cut < size) cuts.push(cut);
    }
  } finally {
    closeSync(fd);
  }
  return cuts.map((start, i) => ({ start, end: cuts[i + 1] ?? size }));
}

/** The offset just after the first line feed at or after `from` (`size` when there is none). */
function lineEndAfter(fd: number, from: number, size: number): number {
  let probe = PROBE_BYTES;
  for (let at = from; at < size; ) {
    const buffer = Buffer.allocUnsafe(Math.min(probe, size - at));
    const read = readSync(fd, buffer, 0, buffer.length, at);
    if (read <= 0) break;
    const lf = buffer.subarray(0, read).indexOf(0x0a);
    if (lf >= 0) return at + lf + 1;
    at += read;
    probe *= 2;
  }
  return size;
}

/** One range to read: where it is, the line it starts on, and the file's header (absent for the first range). */
export interface CsvRange extends ByteRange {
  firstLine: number;
  header?: string[];
}

/**
 * Columnar batches of bytes [start, end) of the local CSV/TSV file `source` (as given: messages name it so), as the
 * whole file's read gives them there: the same cells, and errors naming the same line when `firstLine` is the line
 * the range starts on. `onEnd` is told the line after the range's last record (so the next range's first line is
 * known once this one is read); `onBytes` the bytes read so far.
 */
export async function* readCsvRange(
  source: string,
  range: CsvRange,
  options: ReadOptions & { delimiter: ',' | '\t' },
  onEnd: (endLine: number) => void,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<RecordBatch> {
  const name = source.trim();
  const object = { kind: 'file' as const, path: resolve(name), name };
  if (range.end <= range.start) {
    onEnd(range.firstLine);
    return;
  }
  const stream = createReadStream(object.path, {
    start: range.start,
    end: range.end - 1,
    highWaterMark: READ_CHUNK,
  });
  const counted = async function* (): AsyncGenerator<Buffer> {
    let read = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      read += chunk.length;
      onBytes?.(read);
      yield chunk;
    }
  };
  const continuation: CsvContinuation = { header: range.header, firstLine: range.firstLine, onEnd };
  yield* csvBatches(
    utf8Chunks(counted(), name, range.start),
    options.delimiter,
    object,
    normalizeRequests(options.columns),
    options.batchSize ?? DEFAULT_BATCH,
    options,
    continuation,
  );
}
