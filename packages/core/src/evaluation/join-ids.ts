/**
 * Ids as bytes and their join (issue 21): a string per id cost 63 % of evaluate-challenger's end-to-end time at
 * 2 M rows (two Map<string>/Set<string> of 2 M entries, and the garbage of 4 M strings). Here ids stay UTF-8 bytes in
 * one buffer, and the join is an open-addressing hash table on typed arrays that compares bytes exactly on a hash
 * collision: ids are equal when their bytes are, as strings were (the readers keep ids beyond 2^53 as their digits).
 * Text is decoded only for the ids an error message names.
 */

/** Ids as UTF-8 bytes: id i is `bytes[offsets[i], offsets[i + 1])`; `offsets` has one entry more than there are ids. */
export interface IdBytes {
  bytes: Uint8Array;
  offsets: Uint32Array;
}

/** The number of ids. */
function idCount(ids: IdBytes): number {
  return ids.offsets.length - 1;
}

const decoder = new TextDecoder();

/** The text of id `i` (for messages: only the ids a message names are decoded). */
export function idText(ids: IdBytes, i: number): string {
  return decoder.decode(ids.bytes.subarray(ids.offsets[i]!, ids.offsets[i + 1]!));
}

/** Ids appended batch by batch (each batch's bytes and offsets as a reader emits them) into one IdBytes. */
export class IdBytesBuffer {
  private bytes = new Uint8Array(1 << 16);
  private offsets = new Uint32Array(1 << 12);
  private count = 0;

  /** Append `count` ids given as bytes and `count + 1` offsets into them (offsets[0] need not be 0). */
  append(bytes: Uint8Array, offsets: Uint32Array | Int32Array, count: number): void {
    const from = offsets[0]!;
    const length = offsets[count]! - from;
    const at = this.offsets[this.count]!;
    if (at + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, at + length));
      grown.set(this.bytes.subarray(0, at));
      this.bytes = grown;
    }
    this.bytes.set(bytes.subarray(from, from + length), at);
    if (this.count + count + 1 > this.offsets.length) {
      const grown = new Uint32Array(Math.max(this.offsets.length * 2, this.count + count + 1));
      grown.set(this.offsets.subarray(0, this.count + 1));
      this.offsets = grown;
    }
    for (let i = 1; i <= count; i++) this.offsets[this.count + i] = at + offsets[i]! - from;
    this.count += count;
  }

  /** The ids appended, trimmed to size. */
  done(): IdBytes {
    const end = this.offsets[this.count]!;
    return { bytes: this.bytes.slice(0, end), offsets: this.offsets.slice(0, this.count + 1) };
  }
}

/** FNV-1a over the id's bytes, then murmur3's finaliser: ids that differ in one digit must differ in the low bits. */
function hashId(bytes: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let k = s; k < e; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function sameId(a: IdBytes, i: number, b: IdBytes, j: number): boolean {
  const as = a.offsets[i]!;
  const bs = b.offsets[j]!;
  const length = a.offsets[i + 1]! - as;
  if (b.offsets[j + 1]! - bs !== length) return false;
  const x = a.bytes;
  const y = b.bytes;
  for (let k = 0; k < length; k++) if (x[as + k] !== y[bs + k]) return false;
  return true;
}

/**
 * A set of rows of one IdBytes, found by id: open addressing with linear probing on an Int32Array (slot = row + 1,
 * 0 = empty) kept at most half full, so a lookup is a hash, a probe or two, and one byte comparison.
 */
class IdTable {
  private slots: Int32Array;
  private size = 0;
  private readonly ids: IdBytes;

  constructor(ids: IdBytes, expected: number) {
    this.ids = ids;
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
  }

  /** The row holding the same bytes as row `j` of `other`, or -1. */
  find(other: IdBytes, j: number, hash: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const row = slots[slot]! - 1;
      if (row < 0) return -1;
      if (sameId(this.ids, row, other, j)) return row;
    }
  }

  /** Add `row` (whose id is not in the table yet). */
  add(row: number, hash: number): void {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    this.place(row, hash);
    this.size++;
  }

  private place(row: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = row + 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    const { bytes, offsets } = this.ids;
    for (const entry of old) {
      if (entry === 0) continue;
      const row = entry - 1;
      this.place(row, hashId(bytes, offsets[row]!, offsets[row + 1]!));
    }
  }
}

/** How champion rows map onto challenger rows, or the first repeated id (which makes the join ambiguous). */
export type IdMatch =
  | {
      /** Per challenger row, the champion row with the same id, or -1. */
      championRow: Int32Array;
      matched: number;
      /** The first three champion rows whose id the challenger lacks, in row order. */
      onlyChampion: number[];
    }
  | { repeated: { side: 'challenger' | 'champion'; row: number } };

/**
 * Match champion ids to challenger ids by their bytes. Rows are taken in order, so the repeated id reported is the
 * first row whose id an earlier row of the same side already has (as the string join reported it).
 */
export function matchIds(challenger: IdBytes, champion: IdBytes): IdMatch {
  const n = idCount(challenger);
  const table = new IdTable(challenger, n);
  for (let i = 0; i < n; i++) {
    const h = hashId(challenger.bytes, challenger.offsets[i]!, challenger.offsets[i + 1]!);
    if (table.find(challenger, i, h) >= 0) return { repeated: { side: 'challenger', row: i } };
    table.add(i, h);
  }
  const championRow = new Int32Array(n).fill(-1);
  // Champion ids the challenger lacks: usually few, so this table starts small and grows.
  const unmatched = new IdTable(champion, 8);
  const onlyChampion: number[] = [];
  let matched = 0;
  const m = idCount(champion);
  for (let j = 0; j < m; j++) {
    const h = hashId(champion.bytes, champion.offsets[j]!, champion.offsets[j + 1]!);
    const i = table.find(champion, j, h);
    if (i >= 0) {
      if (championRow[i] !== -1) return { repeated: { side: 'champion', row: j } };
      championRow[i] = j;
      matched++;
    } else {
      if (unmatched.find(champion, j, h) >= 0) return { repeated: { side: 'champion', row: j } };
      unmatched.add(j, h);
      if (onlyChampion.length < 3) onlyChampion.push(j);
    }
  }
  return { championRow, matched, onlyChampion };
}
