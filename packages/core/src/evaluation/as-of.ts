/** The default `as-of` (end of window 0): the newest timestamp, epoch ms (-Infinity without rows). */
export function latestTimestamp(timestamps: ArrayLike<number>): number {
  let latest = -Infinity;
  for (let i = 0; i < timestamps.length; i++) if (timestamps[i]! > latest) latest = timestamps[i]!;
  return latest;
}
