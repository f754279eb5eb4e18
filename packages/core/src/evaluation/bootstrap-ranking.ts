import type { MetricColumns } from '../metrics/registry.js';

// The bootstrap's hot path for average precision and ROC AUC: rows sorted by score once, one byte per row (label and
// end of a tie run), then each resample is one sequential weighted pass per model and window.

const POSITIVE = 1;
const TIE_END = 2;

/**
 * Order a window's rows by score descending (ties in input order) into `flags[start..]` (label bit, tie-end bit),
 * calling `visit(row, position)` for each. A counting sort over the ranks of the distinct scores: one native sort
 * of the values instead of a comparator sort of row indices.
 */
export function orderByScore(
  columns: MetricColumns,
  rows: Uint32Array,
  flags: Uint8Array,
  start: number,
  visit: (row: number, position: number) => void,
): void {
  const n = rows.length;
  if (n === 0) return;
  const { scores, labels } = columns;
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) values[j] = scores[rows[j]!]!;
  const distinct = values.slice().sort();
  let u = 0;
  for (let i = 0; i < n; i++) if (u === 0 || distinct[i] !== distinct[u - 1]) distinct[u++] = distinct[i]!;
  // rank 0 = highest score
  const ranks = new Uint32Array(n);
  const counts = new Uint32Array(u + 1);
  for (let j = 0; j < n; j++) {
    const v = values[j]!;
    let lo = 0;
    let hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (distinct[lo] !== v) throw new Error(`bootstrap: score ${v} is not a finite number`);
    const rank = u - 1 - lo;
    ranks[j] = rank;
    counts[rank + 1]!++;
  }
  for (let r = 1; r <= u; r++) counts[r]! += counts[r - 1]!;
  const order = new Uint32Array(n);
  for (let j = 0; j < n; j++) order[counts[ranks[j]!]!++] = j;
  for (let p = 0; p < n; p++) {
    const j = order[p]!;
    const row = rows[j]!;
    const last = p === n - 1 || ranks[order[p + 1]!] !== ranks[j];
    flags[start + p] = (labels[row] === 1 ? POSITIVE : 0) | (last ? TIE_END : 0);
    visit(row, start + p);
  }
}

/**
 * Average precision (or ROC AUC when `auc`) of positions [start, end) under the resample's weights: the weight of
 * position j is weights[j], or weights[positions[j]] for the model whose order differs from the one the weights
 * were drawn in. Same definitions as classification.ts (ties form one threshold); null for a single class.
 */
export function rankingPass(
  auc: boolean,
  flags: Uint8Array,
  weights: Uint8Array,
  positions: Uint32Array | null,
  start: number,
  end: number,
): number | null {
  let tp = 0;
  let fp = 0;
  let tp0 = 0;
  let fp0 = 0;
  let sum = 0;
  for (let j = start; j < end; j++) {
    const w = positions === null ? weights[j]! : weights[positions[j]!]!;
    const f = flags[j]!;
    if (f & POSITIVE) tp += w;
    else fp += w;
    if (f & TIE_END) {
      if (auc) sum += ((fp - fp0) * (tp + tp0)) / 2;
      // AP = Σ (R_i − R_{i−1}) · P_i with R_i = tp_i / positives: the division by positives waits for the end.
      else if (tp + fp > 0) sum += ((tp - tp0) * tp) / (tp + fp);
      tp0 = tp;
      fp0 = fp;
    }
  }
  if (tp === 0 || fp === 0) return null;
  return auc ? sum / (tp * fp) : sum / tp;
}
