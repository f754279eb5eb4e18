// The predictions CBPE reads (see cbpe.ts): distinct scores with how many predictions each stands for, so rows read
// one by one from files and an engine's per-(window, label, score) counts give the same estimate.

/** Distinct scores (with their label for calibration rows) and how many predictions each stands for, by score. */
export interface Entries {
  scores: Float64Array;
  labels: Float64Array;
  counts: Float64Array;
  /** Predictions up to and including each entry: entry e holds the sorted positions [ends[e] - counts[e], ends[e]). */
  ends: Float64Array;
}

/**
 * Rows as sorted distinct (score, label) entries (`byLabel` false: by score alone) with summed counts. CBPE reads
 * these, not the rows, so an estimate depends on the data only: not on the row order, nor on whether an engine
 * counted the rows (athena://) or the runner read them one by one (files), which give the same estimate. Rows
 * without a score cannot be calibrated and are left out.
 */
export function entriesOf(
  input: { scores: Float64Array; labels: Float64Array; counts?: Float64Array },
  rows: Uint32Array,
  byLabel: boolean,
): Entries & { total: number; positives: number } {
  const { scores, labels, counts } = input;
  const order = rows
    .filter((r) => !Number.isNaN(scores[r]!))
    .sort((a, b) => scores[a]! - scores[b]! || (byLabel ? labels[a]! - labels[b]! : 0));
  const s: number[] = [];
  const l: number[] = [];
  const c: number[] = [];
  let positives = 0;
  for (const r of order) {
    const n = counts ? counts[r]! : 1;
    const label = byLabel ? labels[r]! : Number.NaN;
    if (byLabel) positives += n * label;
    const last = s.length - 1;
    if (last >= 0 && s[last] === scores[r] && (!byLabel || l[last] === label)) c[last]! += n;
    else {
      s.push(scores[r]!);
      l.push(label);
      c.push(n);
    }
  }
  const ends = new Float64Array(c.length);
  let total = 0;
  for (let e = 0; e < c.length; e++) ends[e] = total += c[e]!;
  return {
    scores: Float64Array.from(s),
    labels: Float64Array.from(l),
    counts: Float64Array.from(c),
    ends,
    total,
    positives,
  };
}

/** The entry holding sorted position `i` (0 ≤ i < total): the first whose end is past it. */
export function entryAt(ends: Float64Array, i: number): number {
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid]! > i) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
