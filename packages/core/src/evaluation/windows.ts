/**
 * Time windows counted back from `asOf`: window k holds rows with asOf - (k+1)·W < t <= asOf - k·W, for
 * k = 0 .. maxWindows-1. Rows outside every window get -1.
 */
export interface WindowPlan {
  /** End of window 0 (inclusive), epoch milliseconds. */
  asOf: number;
  /** Window length in milliseconds. */
  windowMs: number;
  maxWindows: number;
}

/** Start (exclusive) and end (inclusive) of window k, epoch milliseconds. */
export function windowBounds(plan: WindowPlan, k: number): { start: number; end: number } {
  return { start: plan.asOf - (k + 1) * plan.windowMs, end: plan.asOf - k * plan.windowMs };
}

/** The window index of every timestamp (epoch ms), -1 when outside all windows. */
export function assignWindows(timestamps: ArrayLike<number>, plan: WindowPlan): Int32Array {
  const out = new Int32Array(timestamps.length);
  for (let i = 0; i < timestamps.length; i++) {
    const age = plan.asOf - timestamps[i]!;
    if (!(age >= 0)) {
      out[i] = -1;
      continue;
    }
    // asOf-(k+1)W < t <= asOf-kW  <=>  kW <= age < (k+1)W  <=>  k = floor(age / W).
    const k = Math.floor(age / plan.windowMs);
    out[i] = k < plan.maxWindows ? k : -1;
  }
  return out;
}

/** Row indices of each window, in input order. `filter` (optional) keeps only rows where it is non-zero. */
export function rowsByWindow(
  windowIndex: Int32Array,
  maxWindows: number,
  filter?: ArrayLike<number>,
): Uint32Array[] {
  const counts = new Uint32Array(maxWindows);
  for (let i = 0; i < windowIndex.length; i++) {
    const k = windowIndex[i]!;
    if (k >= 0 && (!filter || filter[i])) counts[k]!++;
  }
  const out = Array.from(counts, (c) => new Uint32Array(c));
  const fill = new Uint32Array(maxWindows);
  for (let i = 0; i < windowIndex.length; i++) {
    const k = windowIndex[i]!;
    if (k >= 0 && (!filter || filter[i])) out[k]![fill[k]!++] = i;
  }
  return out;
}

/**
 * The gamma-decayed score over windows: weights w_k = gamma^k; with `normalize` the weighted mean
 * sum(w_k·m_k)/sum(w_k), else the weighted sum sum(w_k·m_k); windows whose value is null are left out of both sums.
 * Null when no window has a value.
 */
export function gammaWeightedScore(
  values: ReadonlyArray<number | null>,
  gamma: number,
  normalize: boolean,
): number | null {
  let sum = 0;
  let weights = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v === null || v === undefined) continue;
    const w = gamma ** k;
    sum += w * v;
    weights += w;
  }
  if (weights === 0) return null;
  return normalize ? sum / weights : sum;
}
