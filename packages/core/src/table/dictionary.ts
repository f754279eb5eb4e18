/**
 * Dictionary-encodes strings (ids of groups, slice values, categories) into dense codes: the first distinct value
 * is 0, the next 1, and so on; null (missing) is -1. Keeps the code of every value pushed, so a column of text is
 * held as one Int32 per row plus one string per distinct value.
 */
export class DictionaryEncoder {
  /** The distinct values in code order. */
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  private buffer: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.buffer = new Int32Array(capacity);
  }

  /** The code of a value (-1 for null), giving the next code to a value not seen before. Nothing is appended. */
  code(value: string | null): number {
    if (value === null) return -1;
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.index.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  /** Append the code of one value. */
  push(value: string | null): void {
    const code = this.code(value);
    if (this.length === this.buffer.length) {
      const grown = new Int32Array(Math.max(16, this.buffer.length * 2));
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = code;
  }

  /** The codes appended so far, as a view that stays valid until the next push. */
  get codes(): Int32Array {
    return this.buffer.subarray(0, this.length);
  }

  /** A copy of the codes appended, trimmed to their number. */
  done(): Int32Array {
    return this.buffer.slice(0, this.length);
  }
}
