import { UserError } from '../errors.js';

/** The default `as-of` (end of window 0): the newest timestamp, epoch ms (-Infinity without rows). */
export function latestTimestamp(timestamps: ArrayLike<number>): number {
  let latest = -Infinity;
  for (let i = 0; i < timestamps.length; i++) if (timestamps[i]! > latest) latest = timestamps[i]!;
  return latest;
}

/**
 * The two latest timestamps of a stream and where the latest is (source, record), tracked as rows arrive: no second
 * pass and no allocation per row. Feeds `checkInferredAsOf`.
 */
export class LatestTimestamps {
  latest = -Infinity;
  nextLatest = -Infinity;
  latestSource = '';
  latestRecord = 0;

  /** Add one row's timestamp; `source` and `record` locate the row in messages. */
  push(t: number, source: string, record: number): void {
    if (t > this.latest) {
      this.nextLatest = this.latest;
      this.latest = t;
      this.latestSource = source;
      this.latestRecord = record;
    } else if (t > this.nextLatest) this.nextLatest = t;
  }
}

/**
 * Refuse an inferred `as-of` that one stray row would set: when the latest timestamp lies more than a window beyond
 * the next-latest (a year-9999 typo), every window would be measured from it and the current window would hold that
 * one row. The error names the row and says how to go on.
 */
export function checkInferredAsOf(seen: LatestTimestamps, windowMs: number, windowText: string): void {
  if (!Number.isFinite(seen.nextLatest) || seen.latest - seen.nextLatest <= windowMs) return;
  const iso = (t: number) => new Date(t).toISOString();
  throw new UserError(
    `${seen.latestSource}, record ${seen.latestRecord}: timestamp ${iso(seen.latest)} is more than a window (${windowText}) after the next-latest one (${iso(seen.nextLatest)}); as-of would be taken from this single row.`,
    { hint: 'Fix or remove the row, or set `as-of` to the end of the period to report on.' },
  );
}
