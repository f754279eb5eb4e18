import { sortFloat64 } from '../table/sort.js';
import { type NumericSummary, SUMMARY_QUANTILES } from './features.js';

/** Values per compactor level by default: worst-case rank error levels/k (0.1 % of n for a billion values). */
const SKETCH_K = 16384;

/** Level 0 takes this many times k values, unsorted, before it is sorted and compacted (see QuantileSketch). */
const BUFFER_FACTOR = 2;

/** A QuantileSketch as plain data (QuantileSketch.toState): what a worker thread sends back to be merged. */
export interface QuantileSketchState {
  k: number;
  /** Level 0's values. */
  buffer: Float64Array;
  /** levels[h]: level h's sorted values (index 0 empty). */
  levels: Float64Array[];
  offsets: number[];
  /** count, min, max, mean, m2. */
  stats: [number, number, number, number, number];
}

/**
 * A mergeable quantile sketch for a stream of numbers in bounded memory (deterministic compactors, as in
 * Manku–Rajagopalan–Lindsay and KLL). Level 0 takes values as they come (up to 2k, unsorted); level h ≥ 1 holds
 * sorted values of weight 2^h. A compaction sorts level 0 (a radix sort) or takes level h ≥ 1 as it is (already
 * sorted), and moves every other value (alternating between the odd and even positions on successive compactions)
 * up one level with twice the weight, merged into that level's sorted values: so only level 0 is ever sorted, and a
 * level ≥ 1 compacts once it holds k values or more.
 *
 * Accuracy: one compaction at level h moves any rank by at most 2^h, and every compaction there takes at least k
 * values of weight 2^h, so at most n / (k·2^h) happen; the rank of any value is off by at most levels·n/k where
 * levels = ⌈log2(n/k)⌉ + 1: a worst-case relative rank error of 0.1 % at n = 10^9 with k = 16384 (alternating
 * offsets make the typical error far smaller). Below k values nothing is compacted and quantiles are exact. Memory:
 * 2k values at level 0 and fewer than 2k per level above (k at rest), ≈ 128 KiB per k values at the default k.
 * Count, missing count, minimum, maximum, mean and standard deviation (Welford, merged with Chan's formula) are
 * exact up to floating-point rounding.
 */
export class QuantileSketch {
  readonly k: number;
  /** Level 0: values of weight 1 as they came. */
  private buffer: Float64Array;
  private buffered = 0;
  /** levels[h] for h ≥ 1: sorted values of weight 2^h, the first sizes[h] meaningful (index 0 unused). */
  private levels: Float64Array[] = [new Float64Array(0)];
  private sizes: number[] = [0];
  private offsets: number[] = [0];
  /** The values a compaction moves up, reused between compactions. */
  private run = new Float64Array(0);
  count = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  mean = 0;
  private m2 = 0;

  constructor(k = SKETCH_K) {
    if (!Number.isInteger(k) || k < 2 || k % 2 !== 0)
      throw new RangeError(`Sketch size k must be an even integer >= 2.`);
    this.k = k;
    this.buffer = new Float64Array(BUFFER_FACTOR * k);
  }

  /** Add one finite value (missing values are counted by the caller). */
  add(v: number): void {
    this.count++;
    const delta = v - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (v - this.mean);
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    this.buffer[this.buffered++] = v;
    if (this.buffered === this.buffer.length) this.flush();
  }

  /** Add values[from, to) (finite values; the same result as `add` on each in turn, in blocks). */
  addAll(values: Float64Array, from = 0, to = values.length): void {
    let { count, mean, m2, min, max } = this;
    for (let i = from; i < to; i++) {
      const v = values[i]!;
      count++;
      const delta = v - mean;
      mean += delta / count;
      m2 += delta * (v - mean);
      if (v < min) min = v;
      if (v > max) max = v;
    }
    Object.assign(this, { count, mean, m2, min, max });
    this.take(values, from, to);
  }

  /** Copy values[from, to) into level 0 (statistics already counted), compacting each time it fills. */
  private take(values: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; ) {
      const n = Math.min(to - i, this.buffer.length - this.buffered);
      this.buffer.set(values.subarray(i, i + n), this.buffered);
      this.buffered += n;
      i += n;
      if (this.buffered === this.buffer.length) this.flush();
    }
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
    this.take(other.buffer, 0, other.buffered);
    for (let h = 1; h < other.levels.length; h++) {
      if (other.sizes[h]! === 0) continue;
      this.mergeInto(h, other.levels[h]!.subarray(0, other.sizes[h]!));
      if (this.sizes[h]! >= this.k) this.compact(h);
    }
  }

  /** The sketch as plain data (typed arrays trimmed to what they hold), to cross a worker thread and be merged. */
  toState(): QuantileSketchState {
    return {
      k: this.k,
      buffer: this.buffer.slice(0, this.buffered),
      levels: this.levels.map((level, h) => level.slice(0, this.sizes[h]!)),
      offsets: [...this.offsets],
      stats: [this.count, this.min, this.max, this.mean, this.m2],
    };
  }

  /** The sketch a `toState` gave (the same values, weights and statistics, so merging it is merging the original). */
  static fromState(state: QuantileSketchState): QuantileSketch {
    const sketch = new QuantileSketch(state.k);
    sketch.buffer.set(state.buffer);
    sketch.buffered = state.buffer.length;
    sketch.levels = state.levels.map((level) => {
      const room = new Float64Array(Math.max(level.length, state.k));
      room.set(level);
      return room;
    });
    sketch.levels[0] = new Float64Array(0);
    sketch.sizes = state.levels.map((level, h) => (h === 0 ? 0 : level.length));
    sketch.offsets = [...state.offsets];
    [sketch.count, sketch.min, sketch.max, sketch.mean, sketch.m2] = state.stats;
    return sketch;
  }

  /** Population standard deviation (numpy.std, ddof = 0). */
  get std(): number {
    return this.count ? Math.sqrt(this.m2 / this.count) : 0;
  }

  /** Number of values the sketch holds (its memory in values). */
  get retained(): number {
    return this.sizes.reduce((a, b) => a + b, this.buffered);
  }

  /** Sort level 0 and compact it. */
  private flush(): void {
    const sorted = sortFloat64(this.buffer.subarray(0, this.buffered));
    this.buffered = this.halve(0, sorted);
    if (this.buffered) this.buffer[0] = sorted[sorted.length - 1]!;
  }

  /** Compact level h ≥ 1 (sorted). */
  private compact(h: number): void {
    const level = this.levels[h]!;
    const size = this.sizes[h]!;
    this.sizes[h] = this.halve(h, level.subarray(0, size));
    if (this.sizes[h]) level[0] = level[size - 1]!;
  }

  /**
   * Move every other value of `sorted` (level h) up to level h + 1; returns how many stay at level h: none, or the
   * last value when the count is odd (so the total weight stays the count).
   */
  private halve(h: number, sorted: Float64Array): number {
    const even = sorted.length & ~1;
    const offset = this.offsets[h]!;
    this.offsets[h] = 1 - offset;
    const half = even >> 1;
    if (this.run.length < half) this.run = new Float64Array(Math.max(half, this.k));
    const run = this.run;
    for (let i = offset, j = 0; i < even; i += 2, j++) run[j] = sorted[i]!;
    this.mergeInto(h + 1, run.subarray(0, half));
    if (this.sizes[h + 1]! >= this.k) this.compact(h + 1);
    return sorted.length - even;
  }

  /** Merge sorted `run` into level h's sorted values (backwards, in place). */
  private mergeInto(h: number, run: Float64Array): void {
    while (h >= this.levels.length) {
      this.levels.push(new Float64Array(this.k));
      this.sizes.push(0);
      this.offsets.push(0);
    }
    let level = this.levels[h]!;
    const size = this.sizes[h]!;
    const total = size + run.length;
    if (total > level.length) {
      const grown = new Float64Array(Math.max(total, 2 * level.length));
      grown.set(level.subarray(0, size));
      this.levels[h] = level = grown;
    }
    let i = size - 1;
    let j = run.length - 1;
    for (let o = total - 1; j >= 0; o--) {
      if (i >= 0 && level[i]! > run[j]!) level[o] = level[i--]!;
      else level[o] = run[j--]!;
    }
    this.sizes[h] = total;
  }

  /** The retained values sorted ascending, with their weights. */
  private weighted(): { values: Float64Array; weights: Float64Array } {
    const total = this.retained;
    const order = new Float64Array(total);
    const levelOf = new Uint8Array(total);
    const index = new Uint32Array(total);
    let n = 0;
    for (let i = 0; i < this.buffered; i++, n++) {
      order[n] = this.buffer[i]!;
      index[n] = n;
    }
    for (let h = 1; h < this.levels.length; h++) {
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
