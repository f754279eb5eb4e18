import { describe, expect, it } from 'vitest';
import { type IdBytes, type IdMatch, idHash, matchPartitionedIds, partitionIds } from './join-ids.js';
import { seededRandom } from './random.js';

const encoder = new TextEncoder();

/** Ids as UTF-8 bytes without hashes (as a test or an unhashed reader gives them: the join hashes them). */
function rawIds(ids: string[]): IdBytes {
  const encoded = ids.map((id) => encoder.encode(id));
  const offsets = new Uint32Array(ids.length + 1);
  for (const [i, e] of encoded.entries()) offsets[i + 1] = offsets[i]! + e.length;
  const bytes = new Uint8Array(offsets[ids.length]!);
  for (const [i, e] of encoded.entries()) bytes.set(e, offsets[i]!);
  return { bytes, offsets };
}

/** The same ids as a reader gives them: three batches, hashes given for the first batch only. */
function batchedIds(ids: string[]): IdBytes[] {
  const third = Math.ceil(ids.length / 3);
  return [ids.slice(0, third), ids.slice(third, 2 * third), ids.slice(2 * third)].map((part, k) => {
    const { bytes, offsets } = rawIds(part);
    const hashes =
      k === 0 ? Int32Array.from(part, (_, i) => idHash(bytes, offsets[i]!, offsets[i + 1]!)) : undefined;
    return { bytes, offsets, hashes };
  });
}

/** Both sides partitioned (each at the bits of its own size, as the threads that read them do), then joined. */
function matchIds(challenger: IdBytes | IdBytes[], champion: IdBytes | IdBytes[], hashMask = -1): IdMatch {
  const chunks = (ids: IdBytes | IdBytes[]) => (Array.isArray(ids) ? ids : [ids]);
  return matchPartitionedIds(
    partitionIds(chunks(challenger), hashMask),
    partitionIds(chunks(champion), hashMask),
  );
}

/** The row-by-row join on strings that matchIds replaced: what it must answer, whatever the hashes. */
function stringJoin(challenger: string[], champion: string[]): IdMatch {
  const rowOf = new Map<string, number>();
  for (const [i, id] of challenger.entries()) {
    if (rowOf.has(id)) return { repeated: { side: 'challenger', row: i } };
    rowOf.set(id, i);
  }
  const championRow = new Int32Array(challenger.length).fill(-1);
  const unmatched = new Set<string>();
  const onlyChampion: number[] = [];
  let matched = 0;
  for (const [j, id] of champion.entries()) {
    const i = rowOf.get(id);
    if (i !== undefined) {
      if (championRow[i] !== -1) return { repeated: { side: 'champion', row: j } };
      championRow[i] = j;
      matched++;
    } else {
      if (unmatched.has(id)) return { repeated: { side: 'champion', row: j } };
      unmatched.add(id);
      if (onlyChampion.length < 3) onlyChampion.push(j);
    }
  }
  return { championRow, matched, onlyChampion };
}

/** Masks from "every id collides" to the full hash. */
const MASKS = [0, 1, 0x3, 0xff, -1];

/** matchIds answers as the string join, at each mask (narrow masks make joins quadratic: small inputs only). */
function expectSameJoin(challenger: string[], champion: string[], masks = MASKS): void {
  const expected = stringJoin(challenger, champion);
  for (const mask of masks) {
    expect(matchIds(rawIds(challenger), rawIds(champion), mask), `mask ${mask}`).toEqual(expected);
    expect(matchIds(batchedIds(challenger), batchedIds(champion), mask), `mask ${mask}`).toEqual(expected);
  }
}

describe('idHash', () => {
  it('is what partitionIds stores for ids it is not given hashes for', () => {
    const ids = ['a', '', 'ü😀', '9007199254740993'];
    const { bytes, offsets } = rawIds(ids);
    const partitioned = partitionIds(batchedIds(ids));
    const byRow = new Int32Array(ids.length);
    for (const [k, row] of partitioned.rows.entries()) byRow[row] = partitioned.hashes[k]!;
    expect(Array.from(byRow)).toEqual(ids.map((_, i) => idHash(bytes, offsets[i]!, offsets[i + 1]!)));
    expect(idHash(encoder.encode('ev-10'), 0, 5)).not.toBe(idHash(encoder.encode('ev-11'), 0, 5));
  });
});

describe('matchIds under forced hash collisions', () => {
  it('matches only ids with the same bytes when every hash is equal (mask 0)', () => {
    const challenger = ['a', 'b', 'ab', 'ba', '', 'é', 'e\u0301', 'A'];
    const champion = ['ba', 'é', 'B', '', 'e\u0301', 'abc', 'a'];
    expect(matchIds(rawIds(challenger), rawIds(champion), 0)).toEqual({
      championRow: Int32Array.from([6, -1, -1, 0, 3, 1, 4, -1]),
      matched: 5,
      onlyChampion: [2, 5],
    });
    expectSameJoin(challenger, champion);
  });

  it('finds repeats on either side through colliding chains, the first in row order', () => {
    expectSameJoin(['x', 'y', 'z', 'y', 'x'], ['q']);
    expectSameJoin(['a', 'b'], ['c', 'b', 'd', 'c', 'b']);
    expectSameJoin(['a', 'b'], ['b', 'a', 'b']);
    expectSameJoin(['a', 'b', 'c'], ['e', 'c', 'f', 'g', 'h']);
  });
});

describe('matchIds partition edge cases', () => {
  it('joins an empty side, or two', () => {
    expect(matchIds(rawIds([]), rawIds(['a', 'b']))).toEqual({
      championRow: new Int32Array(0),
      matched: 0,
      onlyChampion: [0, 1],
    });
    expect(matchIds(rawIds(['a', 'b']), rawIds([]))).toEqual({
      championRow: Int32Array.from([-1, -1]),
      matched: 0,
      onlyChampion: [],
    });
    expect(matchIds(rawIds([]), rawIds([]))).toEqual({
      championRow: new Int32Array(0),
      matched: 0,
      onlyChampion: [],
    });
    expectSameJoin([], ['a']);
    expectSameJoin(['a'], []);
  });

  it('reports the second row when every id of a side is the same (one partition holds them all)', () => {
    const same = Array.from({ length: 10_000 }, () => 'same');
    expect(matchIds(rawIds(same), rawIds(['same']))).toEqual({ repeated: { side: 'challenger', row: 1 } });
    expect(matchIds(rawIds(['same']), rawIds(same))).toEqual({ repeated: { side: 'champion', row: 1 } });
    expectSameJoin(['same'], same);
    expectSameJoin(same, ['same']);
  });

  it('treats ids of length 0 as one id like any other', () => {
    expect(matchIds(rawIds(['', 'a']), rawIds(['a', '']))).toEqual({
      championRow: Int32Array.from([1, 0]),
      matched: 2,
      onlyChampion: [],
    });
    expect(matchIds(rawIds(['a', '', '']), rawIds(['']))).toEqual({
      repeated: { side: 'challenger', row: 2 },
    });
    expect(matchIds(rawIds(['a']), rawIds(['', 'b', '']))).toEqual({
      repeated: { side: 'champion', row: 2 },
    });
  });

  it('answers as the string join on many ids over many partitions, repeats planted in different partitions', () => {
    const random = seededRandom(7);
    const masks = [0xfff, -1];
    for (const n of [5_000, 12_000]) {
      const ids = Array.from({ length: n }, (_, i) => `ev-${(i * 7919) % 1_000_003}`);
      const champion = ids.filter(() => random() < 0.9).reverse();
      for (let k = 0; k < 50; k++) champion.push(`only-${k}`);
      expectSameJoin(ids, champion, masks);
      // Repeats late in row order (found late in their partition) before one in another partition.
      const challengerRepeats = [...ids, ids[3]!, ids[1]!];
      expectSameJoin(challengerRepeats, champion, masks);
      expectSameJoin(ids, [...champion, champion[10]!, 'only-3', champion[2]!], masks);
      expectSameJoin(ids, [...champion, 'only-7', champion[5]!], masks);
    }
  });

  it('never matches ids one byte apart, at any length', () => {
    const challenger = Array.from({ length: 6_000 }, (_, i) => `${'x'.repeat(i % 40)}${i}`);
    const champion = challenger.map(
      (id) => `${id.slice(0, -1)}${String.fromCharCode(id.charCodeAt(id.length - 1) + 49)}`,
    );
    const match = matchIds(rawIds(challenger), rawIds(champion));
    expect('matched' in match && match.matched).toBe(0);
    expectSameJoin(challenger, champion, [0xff, -1]);
  });
});

describe('sides partitioned at different bits', () => {
  const big = Array.from({ length: 40_000 }, (_, i) => `ev-${(i * 7919) % 1_000_003}`);
  // 10,000 ids: partitioned at 2 bits where the big side has 4 (at 0 bits, positions would be rows already).
  const small = big.filter((_, i) => i % 4 === 0).reverse();

  it('partitions each side at bits from its own count, rows ascending within each partition', () => {
    const parts = partitionIds(batchedIds(big));
    expect([parts.bits, partitionIds([rawIds(small)]).bits, partitionIds([rawIds([])]).bits]).toEqual([
      4, 2, 0,
    ]);
    let ascending = true;
    for (let p = 0; p < 1 << parts.bits; p++)
      for (let k = parts.starts[p]! + 1; k < parts.starts[p + 1]!; k++)
        ascending &&= parts.rows[k]! > parts.rows[k - 1]!;
    expect(ascending).toBe(true);
  });

  it('joins them as the string join: the coarser side is refined to the finer one, either way round', () => {
    const bigParts = partitionIds(batchedIds(big));
    const smallParts = partitionIds([rawIds(small)]);
    expect(matchPartitionedIds(bigParts, smallParts)).toEqual(stringJoin(big, small));
    expect(matchPartitionedIds(smallParts, bigParts)).toEqual(stringJoin(small, big));
    // Repeats on the refined side are still the first in row order, as are champion-only examples.
    const repeats = [...small.slice(0, 2000), small[1500]!, ...small.slice(2000), small[3]!];
    expect(matchPartitionedIds(partitionIds([rawIds(repeats)]), bigParts)).toEqual(stringJoin(repeats, big));
    expect(matchPartitionedIds(bigParts, partitionIds([rawIds(repeats)]))).toEqual(stringJoin(big, repeats));
    const unmatched = [...small, 'only-1', 'only-2', 'only-3', 'only-4'].reverse();
    expect(matchPartitionedIds(bigParts, partitionIds([rawIds(unmatched)]))).toEqual(
      stringJoin(big, unmatched),
    );
    expectSameJoin(big, small, [0xff, -1]);
    expectSameJoin(small, big, [0xff, -1]);
  });
});
