/**
 * A column's batches kept as a reader built them, joined once at the end. Appending each batch to a growing buffer,
 * then trimming it, copied every value two or three times (a tenth of evaluate-challenger's main thread at 2 M rows).
 * The batches must not change afterwards: the readers build a fresh array per batch.
 */
export class FloatChunks {
  private readonly chunks: Float64Array[] = [];
  private length = 0;

  /** Keep `values` (not copied) as the next rows. */
  add(values: Float64Array): void {
    this.chunks.push(values);
    this.length += values.length;
  }

  /**
   * The values in order: the only batch itself when it spans its whole buffer (a worker thread can then move it,
   * not copy it), else one copy of all of them.
   */
  done(): Float64Array {
    const [first] = this.chunks;
    if (this.chunks.length === 1 && first!.byteLength === first!.buffer.byteLength) return first!;
    const out = new Float64Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}
