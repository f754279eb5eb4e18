/** Distinct values held before the table is judged (and, for mostly distinct columns such as ids, switched off). */
const JUDGE_AFTER = 4096;
/** Distinct values at most: past this the table starts again, so memory stays bounded on any column. */
const MAX_DISTINCT = 1 << 16;

type Decoder = { latin1Slice(s: number, e: number): string; utf8Slice(s: number, e: number): string };

/** The text of b[s, e): Latin-1 is UTF-8 for ASCII bytes, and the faster decoder. */
export function decodeText(b: Buffer, s: number, e: number, ascii: boolean): string {
  const d = b as unknown as Decoder;
  return ascii ? d.latin1Slice(s, e) : d.utf8Slice(s, e);
}

/** Whether b[s, e) is ASCII. */
export function isAscii(b: Uint8Array, s: number, e: number): boolean {
  let or = 0;
  for (let i = s; i < e; i++) or |= b[i]!;
  return or < 0x80;
}

/**
 * One JS string per distinct byte sequence of a column (categories, groups, slices): cells are looked up by a hash of
 * their bytes and compared byte for byte, so a repeated value costs no allocation and every row holding it shares
 * one string. A column whose values are mostly distinct (ids) gains nothing from this and is decoded directly once
 * that is clear (after 4,096 values).
 */
export class ByteInterner {
  // Small at first and grown by doubling: a file may have 100,000 columns, each with a table of its own.
  private slots = new Int32Array(64);
  private hashes: Int32Array = new Int32Array(16);
  private offsets: Int32Array = new Int32Array(17);
  private arena: Uint8Array = new Uint8Array(256);
  private strings: string[] = [];
  private lookups = 0;
  private off = false;

  /** The string of b[s, e), shared with every earlier cell of the same bytes. */
  intern(b: Buffer, s: number, e: number): string {
    if (this.off) return decodeText(b, s, e, isAscii(b, s, e));
    this.lookups++;
    let h = 0x811c9dc5;
    let or = 0;
    for (let i = s; i < e; i++) {
      const c = b[i]!;
      or |= c;
      h = Math.imul(h ^ c, 0x01000193);
    }
    const mask = this.slots.length - 1;
    const arena = this.arena;
    const offsets = this.offsets;
    const length = e - s;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) break;
      if (this.hashes[entry] !== h) continue;
      const at = offsets[entry]!;
      if (offsets[entry + 1]! - at !== length) continue;
      let same = true;
      for (let k = 0; k < length; k++) {
        if (arena[at + k] !== b[s + k]) {
          same = false;
          break;
        }
      }
      if (same) return this.strings[entry]!;
    }
    const text = decodeText(b, s, e, or < 0x80);
    this.add(h, b, s, e, text);
    return text;
  }

  private add(h: number, b: Buffer, s: number, e: number, text: string): void {
    const entry = this.strings.length;
    if (entry >= JUDGE_AFTER && (entry >= MAX_DISTINCT || entry * 4 > this.lookups * 3)) {
      // Mostly distinct: stop interning. Many repeats but too many values: start a fresh table.
      if (entry * 4 > this.lookups * 3) this.off = true;
      this.slots = new Int32Array(64);
      this.strings = [];
      this.offsets[0] = 0;
      this.lookups = 0;
      return;
    }
    const at = this.offsets[entry]!;
    const length = e - s;
    if (at + length > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, at + length));
      grown.set(this.arena);
      this.arena = grown;
    }
    for (let k = 0; k < length; k++) this.arena[at + k] = b[s + k]!;
    if (entry + 1 >= this.hashes.length) {
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const offsets = new Int32Array(this.offsets.length * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    this.hashes[entry] = h;
    this.offsets[entry + 1] = at + length;
    this.strings.push(text);
    if ((entry + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(entry);
  }

  private place(entry: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hashes[entry]! & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let entry = 0; entry < this.strings.length; entry++) this.place(entry);
  }
}
