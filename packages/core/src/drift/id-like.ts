import type { FeatureSide } from './features.js';

/** A reference column with at least this share of distinct values is an identifier, not a feature. */
const ID_LIKE_UNIQUE_SHARE = 0.95;

/** Fewer reference values than this prove nothing about uniqueness (every small sample looks unique). */
const MIN_VALUES = 20;

/**
 * Why a column looks like an identifier (customer_id, order number), or undefined when it does not: a text column
 * with at least 95% distinct reference values. Numeric columns are left alone: a continuous feature (a price) or a
 * wide integer one (income in cents) is just as distinct without being an identifier, so uniqueness proves nothing
 * there; they stay compared as numbers unless `features` leaves them out.
 */
export function idLikeReason(side: FeatureSide, minUniqueShare = ID_LIKE_UNIQUE_SHARE): string | undefined {
  let total = 0;
  let distinct: number;
  if (side.kind === 'categorical') {
    for (const n of side.counts.values()) total += n;
    distinct = side.counts.size;
  } else return undefined;
  if (total < MIN_VALUES || distinct / total < minUniqueShare) return undefined;
  return `${Number(((distinct / total) * 100).toFixed(1))}% distinct values in the reference: looks like an identifier`;
}

/** The ID-like columns among reference sides, in name order, with the reason for each. */
export function idLikeFeatures(
  reference: Map<string, FeatureSide>,
  minUniqueShare = ID_LIKE_UNIQUE_SHARE,
): { name: string; reason: string }[] {
  const out: { name: string; reason: string }[] = [];
  for (const [name, side] of [...reference].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const reason = idLikeReason(side, minUniqueShare);
    if (reason) out.push({ name, reason });
  }
  return out;
}
