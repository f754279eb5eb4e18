/** A growable Float64Array: numbers appended one at a time, without a JS array of boxed values in between. */
export class FloatBuffer {
  /** The backing array; only the first `length` values are meaningful. */
  values: Float64Array;
  length = 0;
  private readonly max: number;

  /** `capacity` is the initial size (default 4096, at most `max`); `max` caps how far it grows on its own. */
  constructor(options: { capacity?: number; max?: number } = {}) {
    this.max = options.max ?? Number.POSITIVE_INFINITY;
    this.values = new Float64Array(options.capacity ?? Math.min(4096, this.max));
  }

  /** Append one value, doubling the capacity (up to `max`, then one at a time) when full. */
  push(v: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(Math.max(this.length + 1, Math.min(this.values.length * 2, this.max)));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = v;
  }

  /** Append every value of `values` at once (one copy, not a push per value). */
  append(values: Float64Array): void {
    const length = this.length + values.length;
    if (length > this.values.length) {
      const grown = new Float64Array(Math.max(length, Math.min(this.values.length * 2, this.max)));
      grown.set(this.values.subarray(0, this.length));
      this.values = grown;
    }
    this.values.set(values, this.length);
    this.length = length;
  }

  /** A copy trimmed to the values appended. */
  done(): Float64Array {
    return this.values.slice(0, this.length);
  }
}
