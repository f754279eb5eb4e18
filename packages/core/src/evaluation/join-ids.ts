/**
 * Ids as bytes and their join (issue 21): a string per id cost 63 % of evaluate-challenger's end-to-end time at
 * 2 M rows (two Map<string>/Set<string> of 2 M entries, and the garbage of 4 M strings). Here ids stay UTF-8 bytes in
 * one buffer, and the join is a hash join on typed arrays that compares bytes exactly when hashes are equal: ids are
 * equal when their bytes are, as strings were (the readers keep ids beyond 2^53 as their digits). Text is decoded
 * only for the ids an error message names.
 *
 * One table over 2 M ids made the join memory-bound (46 % of the run: a cache miss for the slot, the offsets and the
 * bytes of every probe), so both sides are first partitioned by low hash bits, each partition's ids copied beside
 * each other (radix-partitioned hash join): a partition's table and bytes fit in the core's L2 cache. Slots hold the
 * hash next to the row, so a probe compares bytes only when the full 32-bit hashes agree. Each side is partitioned
 * by the thread that read it (evaluate-challenger's champion on a worker), at bits from its own count; the join
 * refines the coarser side (see partitionBits).
 */

/** Ids as UTF-8 bytes: id i is `bytes[offsets[i], offsets[i + 1])`; `offsets` has one entry more than there are ids. */
export interface IdBytes {
  bytes: Uint8Array;
  offsets: Uint32Array;
  /** idHash of each id when known (readers compute it as they copy the bytes); the join computes it otherwise. */
  hashes?: Int32Array;
}

/** The number of ids. */
function idCount(ids: IdBytes): number {
  return ids.offsets.length - 1;
}

const decoder = new TextDecoder();

/** The join's hash of the id `bytes[s, e)`: FNV-1a, then murmur3's finaliser (ids one digit apart differ in every bit). */
export function idHash(bytes: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let k = s; k < e; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * One side's ids grouped by partition (the low `bits` of their hash), rows in row order within a partition, their
 * bytes copied in that order: position k is row `rows[k]`, its id `bytes[offsets[k], offsets[k + 1])`. Built by the
 * thread that read the side (evaluate-challenger reads the champion on a worker thread), and moved, not copied.
 */
export interface PartitionedIds {
  bits: number;
  /** Partition p holds positions starts[p] to starts[p + 1]. */
  starts: Int32Array;
  rows: Int32Array;
  hashes: Int32Array;
  offsets: Uint32Array;
  bytes: Uint8Array;
}

/** Ids per partition aimed at: a partition's table (8 bytes a slot) and ids stay within a 512 KiB L2 cache. */
const PARTITION_IDS = 4096;
/** At most 2^10 partitions: more write streams than that cost more in TLB misses than the cache saves. */
const MAX_PARTITION_BITS = 10;

/**
 * Partition bits for `n` ids. Each side is partitioned by the thread that read it, knowing only its own count, so
 * each picks from that count; the join refines the side with fewer bits (the smaller) to the other's. Sides of about
 * the same size, the usual case, agree and neither is partitioned twice.
 */
function partitionBits(n: number): number {
  let bits = 0;
  while (bits < MAX_PARTITION_BITS && n >> bits > PARTITION_IDS) bits++;
  return bits;
}

/** Each id's hash, masked (a mask narrower than 32 bits forces collisions in tests). */
function maskedHashes(ids: IdBytes, mask: number): Int32Array {
  const n = idCount(ids);
  if (ids.hashes && mask === -1) return ids.hashes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++)
    out[i] = (ids.hashes ? ids.hashes[i]! : idHash(ids.bytes, ids.offsets[i]!, ids.offsets[i + 1]!)) & mask;
  return out;
}

/**
 * Partition ids given in chunks (a reader's batches, rows numbered across them) into 2^bits partitions, straight
 * from the batches: a counting pass, then one sequential read and 2^bits write streams. No concatenated copy is
 * made first (it was a fifth of the main thread at 2 M rows). `hashMask` narrows the hashes, for tests.
 */
export function partitionIds(chunks: readonly IdBytes[], hashMask = -1, bits?: number): PartitionedIds {
  let n = 0;
  for (const chunk of chunks) n += idCount(chunk);
  bits ??= partitionBits(n);
  const parts = 1 << bits;
  const mask = parts - 1;
  const hashes = chunks.map((chunk) => maskedHashes(chunk, hashMask));
  const starts = new Int32Array(parts + 1);
  const byteStarts = new Float64Array(parts + 1);
  for (const [c, { offsets }] of chunks.entries()) {
    const h = hashes[c]!;
    for (let i = 0, count = idCount(chunks[c]!); i < count; i++) {
      const p = h[i]! & mask;
      starts[p + 1]!++;
      byteStarts[p + 1]! += offsets[i + 1]! - offsets[i]!;
    }
  }
  for (let p = 0; p < parts; p++) {
    starts[p + 1]! += starts[p]!;
    byteStarts[p + 1]! += byteStarts[p]!;
  }
  const next = starts.slice(0, parts);
  const nextByte = byteStarts.slice(0, parts);
  const rows = new Int32Array(n);
  const outHashes = new Int32Array(n);
  const outOffsets = new Uint32Array(n + 1);
  const outBytes = new Uint8Array(byteStarts[parts]!);
  let row = 0;
  for (const [c, { bytes, offsets }] of chunks.entries()) {
    const h = hashes[c]!;
    for (let i = 0, count = idCount(chunks[c]!); i < count; i++, row++) {
      const hash = h[i]!;
      const p = hash & mask;
      const k = next[p]!++;
      rows[k] = row;
      outHashes[k] = hash;
      let o = nextByte[p]!;
      outOffsets[k] = o;
      // A loop: ids are short, and a subarray per id would be garbage.
      for (let s = offsets[i]!, e = offsets[i + 1]!; s < e; s++, o++) outBytes[o] = bytes[s]!;
      nextByte[p] = o;
    }
  }
  // Partitions are contiguous, so position k ends where k + 1 starts; the last ends at the end of the bytes.
  outOffsets[n] = outBytes.length;
  return { bits, starts, rows, hashes: outHashes, offsets: outOffsets, bytes: outBytes };
}

/**
 * The same ids at more partition bits: partitioned again in position order, which keeps row order within each new
 * partition (an old partition's rows are in row order and split among the new ones), then positions mapped to rows.
 */
function refine(ids: PartitionedIds, bits: number): PartitionedIds {
  const finer = partitionIds([ids], -1, bits);
  for (let k = 0; k < finer.rows.length; k++) finer.rows[k] = ids.rows[finer.rows[k]!]!;
  return finer;
}

/** The text of the id of row `row` (for messages: found by a scan, as only the ids a message names are decoded). */
export function partitionedIdText(ids: PartitionedIds, row: number): string {
  const k = ids.rows.indexOf(row);
  return decoder.decode(ids.bytes.subarray(ids.offsets[k]!, ids.offsets[k + 1]!));
}

function sameId(a: PartitionedIds, i: number, b: PartitionedIds, j: number): boolean {
  const as = a.offsets[i]!;
  const bs = b.offsets[j]!;
  const length = a.offsets[i + 1]! - as;
  if (b.offsets[j + 1]! - bs !== length) return false;
  const x = a.bytes;
  const y = b.bytes;
  for (let k = 0; k < length; k++) if (x[as + k] !== y[bs + k]) return false;
  return true;
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
 * Match champion ids to challenger ids by their bytes. The repeated id reported is the first row whose id an earlier
 * row of the same side already has (challenger first), as the row-by-row string join reported it: equal ids share a
 * partition, where rows keep their order, so that row is the smallest any partition finds.
 */
export function matchPartitionedIds(challenger: PartitionedIds, champion: PartitionedIds): IdMatch {
  const bits = Math.max(challenger.bits, champion.bits);
  const c = challenger.bits < bits ? refine(challenger, bits) : challenger;
  const h = champion.bits < bits ? refine(champion, bits) : champion;
  const n = c.rows.length;
  let largest = 0;
  for (let p = 0; p < 1 << bits; p++)
    largest = Math.max(largest, c.starts[p + 1]! - c.starts[p]! + h.starts[p + 1]! - h.starts[p]!);
  let capacity = 16;
  while (capacity < largest * 2) capacity *= 2;
  // Slot s is table[2s] = hash, table[2s + 1] = entry: 0 empty, k + 1 challenger position k, -(k + 1) champion's.
  const table = new Int32Array(capacity * 2);
  const championRow = new Int32Array(n).fill(-1);
  let matched = 0;
  let challengerRepeat = Number.POSITIVE_INFINITY;
  let championRepeat = Number.POSITIVE_INFINITY;
  const onlyChampion: number[] = [];

  for (let p = 0; p < 1 << bits; p++) {
    const size = c.starts[p + 1]! - c.starts[p]! + h.starts[p + 1]! - h.starts[p]!;
    let slots = 16;
    while (slots < size * 2) slots *= 2;
    const mask = slots - 1;
    table.fill(0, 0, slots * 2);
    build: for (let k = c.starts[p]!; k < c.starts[p + 1]!; k++) {
      const hash = c.hashes[k]!;
      for (let s = (hash >>> bits) & mask; ; s = (s + 1) & mask) {
        const entry = table[2 * s + 1]!;
        if (entry === 0) {
          table[2 * s] = hash;
          table[2 * s + 1] = k + 1;
          break;
        }
        if (table[2 * s] === hash && sameId(c, entry - 1, c, k)) {
          challengerRepeat = Math.min(challengerRepeat, c.rows[k]!);
          break build;
        }
      }
    }
    // Once the challenger repeats an id the join fails with that; its other partitions are still built (above)
    // because the first repeat in row order may lie in a later one.
    if (challengerRepeat !== Number.POSITIVE_INFINITY) continue;
    let unmatchedHere = 0;
    probe: for (let k = h.starts[p]!; k < h.starts[p + 1]!; k++) {
      const hash = h.hashes[k]!;
      for (let s = (hash >>> bits) & mask; ; s = (s + 1) & mask) {
        const entry = table[2 * s + 1]!;
        if (entry === 0) {
          // The challenger lacks this id: kept so a repeat of it is seen, and as an example (first three here).
          table[2 * s] = hash;
          table[2 * s + 1] = -(k + 1);
          if (unmatchedHere++ < 3) onlyChampion.push(h.rows[k]!);
          break;
        }
        if (table[2 * s] !== hash) continue;
        if (entry > 0 && sameId(c, entry - 1, h, k)) {
          const i = c.rows[entry - 1]!;
          if (championRow[i] !== -1) {
            championRepeat = Math.min(championRepeat, h.rows[k]!);
            break probe;
          }
          championRow[i] = h.rows[k]!;
          matched++;
          break;
        }
        if (entry < 0 && sameId(h, -entry - 1, h, k)) {
          championRepeat = Math.min(championRepeat, h.rows[k]!);
          break probe;
        }
      }
    }
  }
  if (challengerRepeat !== Number.POSITIVE_INFINITY)
    return { repeated: { side: 'challenger', row: challengerRepeat } };
  if (championRepeat !== Number.POSITIVE_INFINITY)
    return { repeated: { side: 'champion', row: championRepeat } };
  onlyChampion.sort((a, b) => a - b);
  return { championRow, matched, onlyChampion: onlyChampion.slice(0, 3) };
}
