import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
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
 * Byte counts across the objects of one read: local files are sized up front, S3 objects as each opens (so a
 * prefix of many objects reports a total that grows as it goes). Counts the bytes as stored (compressed for .gz).
 * Plain files only: Delta tables and raw DMS output are read through their own planners, without byte progress.
 */
export class ReadProgress {
  private bytesRead = 0;
  private totalBytes = 0;
  private readonly report: ByteProgress;

  private constructor(report: ByteProgress) {
    this.report = report;
  }

  /** A tracker, or undefined when nobody listens. */
  static start(report: ByteProgress | undefined): ReadProgress | undefined {
    return report ? new ReadProgress(report) : undefined;
  }

  /** Count these objects in the total: local files by their size now, S3 objects as each opens. */
  async include(objects: SourceObject[]): Promise<void> {
    for (const object of objects)
      if (object.kind === 'file')
        this.totalBytes += (await stat(object.path).catch(() => undefined))?.size ?? 0;
  }

  /** The object's byte stream, counted chunk by chunk as the reader pulls it (no copy, no extra buffering). */
  track(stream: Readable, object: SourceObject): Readable {
    if (object.kind === 's3') this.totalBytes += announcedLength(stream);
    const counted = async function* (this: ReadProgress) {
      for await (const chunk of stream) {
        this.bytesRead += (chunk as Uint8Array).length;
        this.report(this.bytesRead, Math.max(this.totalBytes, this.bytesRead));
        yield chunk;
      }
    };
    return Readable.from(counted.call(this));
  }
}
