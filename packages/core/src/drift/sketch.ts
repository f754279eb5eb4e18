import { type NumericSummary, SUMMARY_QUANTILES } from './features.js';

/** Values per compactor level by default: worst-case rank error levels/k (0.1 % of n for a billion values). */
const SKETCH_K = 16384;

/**
 * A mergeable quantile sketch for a stream of numbers in bounded memory (deterministic compactors, as in
 * Manku–Rajagopalan–Lindsay and KLL). Level h holds values of weight 2^h, at most `k` of them; a full level is
 * sorted and every other value (alternating between the odd and even positions on successive compactions) moves
 * up one level with twice the weight.
 *
 * Accuracy: one compaction at level h moves any rank by at most 2^h, and at most n / (k·2^h) compactions happen
 * there, so the rank of any value is off by at most levels·n/k where levels = ⌈log2(n/k)⌉ + 1: a worst-case
 * relative rank error of 0.1 % at n = 10^9 with k = 16384 (alternating offsets make the typical error far
 * smaller). Below k values nothing is compacted and quantiles are exact. Memory: at most k values per level,
 * ≈ 128 KiB per level at the default k. Count, missing count, minimum, maximum, mean and standard deviation
 * (Welford, merged with Chan's formula) are exact up to floating-point rounding.
 */
export class QuantileSketch {
  readonly k: number;
  private levels: Float64Array[] = [];
  private sizes: number[] = [];
  private offsets: number[] = [];
  count = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  mean = 0;
  private m2 = 0;

  constructor(k = SKETCH_K) {
    if (!Number.isInteger(k) || k < 2 || k % 2 !== 0)
      throw new RangeError(`Sketch size k must be an even integer >= 2.`);
    this.k = k;
  }

  /** Add one finite value (missing values are counted by the caller). */
  add(v: number): void {
    this.count++;
    const delta = v - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (v - this.mean);
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    this.insert(0, v);
  }

  /** Fold another sketch (same k) into this one. */
  merge(other: QuantileSketch): void {
    if (other.k !== this.k)
      throw new RangeError(`Cannot merge sketches of different sizes (${this.k}, ${other.k}).`);
    if (other.count === 0) return;
    const n = this.count + other.count;
    const delta = other.mean - this.mean;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / n;
    this.mean += (delta * other.count) / n;
    this.count = n;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    for (let h = 0; h < other.levels.length; h++) {
      const values = other.levels[h]!;
      for (let i = 0; i < other.sizes[h]!; i++) this.insert(h, values[i]!);
    }
  }

  /** Population standard deviation (numpy.std, ddof = 0). */
  get std(): number {
    return this.count ? Math.sqrt(this.m2 / this.count) : 0;
  }

  /** Number of values the sketch holds (its memory in values). */
  get retained(): number {
    return this.sizes.reduce((a, b) => a + b, 0);
  }

  private insert(h: number, v: number): void {
    while (h >= this.levels.length) {
      this.levels.push(new Float64Array(this.k));
      this.sizes.push(0);
      this.offsets.push(0);
    }
    const level = this.levels[h]!;
    level[this.sizes[h]!++] = v;
    if (this.sizes[h] === this.k) this.compact(h);
  }

  private compact(h: number): void {
    const level = this.levels[h]!;
    level.sort();
    const offset = this.offsets[h]!;
    this.offsets[h] = 1 - offset;
    this.sizes[h] = 0;
    for (let i = offset; i < this.k; i += 2) this.insert(h + 1, level[i]!);
  }

  /** The retained values sorted ascending, with their weights. */
  private weighted(): { values: Float64Array; weights: Float64Array } {
    const total = this.retained;
    const order = new Float64Array(total);
    const levelOf = new Uint8Array(total);
    const index = new Uint32Array(total);
    let n = 0;
    for (let h = 0; h < this.levels.length; h++) {
      const level = this.levels[h]!;
      for (let i = 0; i < this.sizes[h]!; i++, n++) {
        order[n] = level[i]!;
        levelOf[n] = h;
        index[n] = n;
      }
    }
    // Sort values, and weights with them, through an index sort.
    index.sort((a, b) => order[a]! - order[b]!);
    const values = new Float64Array(total);
    const weights = new Float64Array(total);
    for (let i = 0; i < total; i++) {
      values[i] = order[index[i]!]!;
      weights[i] = 2 ** levelOf[index[i]!]!;
    }
    return { values, weights };
  }

  /**
   * Quantiles at `qs` (0..1), numpy.quantile's linear method on the (weighted) retained values: exact while fewer
   * than k values were added, within the rank error above otherwise; the 0 and 1 quantiles are the exact minimum
   * and maximum.
   */
  quantiles(qs: readonly number[]): number[] {
    if (this.count === 0) return qs.map(() => Number.NaN);
    const { values, weights } = this.weighted();
    // Cumulative weight before each value: value i covers ranks [before_i, before_i + w_i - 1].
    const before = new Float64Array(values.length + 1);
    for (let i = 0; i < values.length; i++) before[i + 1] = before[i]! + weights[i]!;
    const total = before[values.length]!;
    const valueAtRank = (r: number) => {
      // The value whose rank range holds r (binary search on `before`).
      let lo = 0;
      let hi = values.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (before[mid]! <= r) lo = mid;
        else hi = mid - 1;
      }
      return values[lo]!;
    };
    return qs.map((q) => {
      if (q <= 0) return this.min;
      if (q >= 1) return this.max;
      const pos = q * (total - 1);
      const lo = Math.floor(pos);
      const a = valueAtRank(lo);
      const b = valueAtRank(Math.min(lo + 1, total - 1));
      return a + (b - a) * (pos - lo);
    });
  }

  /** The summary drift tests compare against (quantiles at 0, 0.1 %, …, 100 %). */
  toSummary(missing: number): NumericSummary {
    const qs = Array.from({ length: SUMMARY_QUANTILES }, (_, i) => i / (SUMMARY_QUANTILES - 1));
    return {
      kind: 'numeric-summary',
      count: this.count,
      missing,
      mean: this.count ? this.mean : 0,
      std: this.std,
      quantiles: this.count ? this.quantiles(qs) : qs.map(() => 0),
    };
  }
}
