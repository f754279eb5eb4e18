import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { AsyncBuffer } from 'hyparquet';
import type { SourceObject } from './sources.js';

/** Called as the bytes of a source are read: bytes read so far, and the total size of its objects where known. */
export type ByteProgress = (bytesRead: number, totalBytes: number) => void;

/**
 * The size S3 announced for an object being read. The SDK's body is the HTTP response, whose Content-Length is the
 * object's ContentLength; read from the stream so that opening a source (sources.ts) stays as it is.
 */
function announcedLength(stream: Readable): number {
  const header = (stream as { headers?: Record<string, string | string[] | undefined> }).headers?.[
    'content-length'
  ];
  const length = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(length) && length > 0 ? length : 0;
}

/**
 * Byte counts across the objects of one read, counted as stored (compressed for .gz). Sizes: local files up front,
 * Delta data files from their log entry, S3 objects as each opens (so a prefix of many objects reports a total that
 * grows as it goes). Text formats count the bytes streamed; Parquet counts the byte ranges fetched, and when a file
 * is closed, the rest of it (the columns a projection skipped) as done, so every read ends at its total. An object
 * read twice (a schema read, then the rows) counts each byte once.
 */
export class ReadProgress {
  private bytesRead = 0;
  private totalBytes = 0;
  private readonly report: ByteProgress;
  /** Per object name: its size when counted in the total, and the bytes of it counted as read. */
  private readonly objects = new Map<string, { size: number; read: number }>();

  private constructor(report: ByteProgress) {
    this.report = report;
  }

  /** A tracker, or undefined when nobody listens. */
  static start(report: ByteProgress | undefined): ReadProgress | undefined {
    return report ? new ReadProgress(report) : undefined;
  }

  /** Count these objects in the total: local files by their size now, S3 objects as each opens. */
  async include(objects: readonly SourceObject[]): Promise<void> {
    for (const object of objects)
      if (object.kind === 'file')
        this.sized(object, (await stat(object.path).catch(() => undefined))?.size ?? 0);
  }

  /** Count an object of a known size in the total (once, however often it is named). */
  sized(object: SourceObject, size: number): void {
    if (this.objects.has(object.name)) return;
    this.objects.set(object.name, { size, read: 0 });
    this.totalBytes += size;
  }

  /** Count `to` bytes of the object as read (a high-water mark per object), and report. */
  private reached(object: SourceObject, to: number): void {
    const entry = this.objects.get(object.name)!;
    if (to <= entry.read) return;
    this.bytesRead += to - entry.read;
    entry.read = to;
    this.report(this.bytesRead, Math.max(this.totalBytes, this.bytesRead));
  }

  /** The object's byte stream, counted chunk by chunk as the reader pulls it (no copy, no extra buffering). */
  track(stream: Readable, object: SourceObject): Readable {
    this.sized(object, object.kind === 's3' ? announcedLength(stream) : 0);
    const counted = async function* (this: ReadProgress) {
      let read = 0;
      for await (const chunk of stream) {
        read += (chunk as Uint8Array).length;
        this.reached(object, read);
        yield chunk;
      }
    };
    return Readable.from(counted.call(this));
  }

  /**
   * A Parquet file's random access, counted by the bytes of the ranges fetched (up to its size); closing it counts
   * the rest as done.
   */
  ranges(source: { file: AsyncBuffer; close(): Promise<void> }, object: SourceObject) {
    const { file } = source;
    this.sized(object, file.byteLength);
    let fetched = 0;
    const counted: AsyncBuffer = {
      byteLength: file.byteLength,
      slice: async (start, end) => {
        const bytes = await file.slice(start, end);
        fetched += bytes.byteLength;
        this.reached(object, Math.min(fetched, file.byteLength));
        return bytes;
      },
    };
    return {
      file: counted,
      close: async () => {
        await source.close();
        this.reached(object, this.objects.get(object.name)!.size);
      },
    };
  }
}
