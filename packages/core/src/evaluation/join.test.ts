import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { joinOnId, type PredictionColumns, scoresFromOneSource } from './join.js';
import { type IdBytes, matchPartitionedIds, type PartitionedIds, partitionIds } from './join-ids.js';
import { evaluationLedgerName, evaluationLedgerPrefix } from './ledger-record.js';

/** Ids as a reader gives them: UTF-8 bytes in batches (two here, to cross a batch edge), partitioned for the join. */
function idBytes(ids: string[]): PartitionedIds {
  const half = Math.ceil(ids.length / 2);
  const batches = [ids.slice(0, half), ids.slice(half)].map((part): IdBytes => {
    const encoded = part.map((id) => new TextEncoder().encode(id));
    const offsets = new Uint32Array(part.length + 1);
    for (const [i, e] of encoded.entries()) offsets[i + 1] = offsets[i]! + e.length;
    const bytes = new Uint8Array(offsets[part.length]!);
    for (const [i, e] of encoded.entries()) bytes.set(e, offsets[i]!);
    return { bytes, offsets };
  });
  return partitionIds(batches);
}

const matchIds = matchPartitionedIds;

const model = (ids: string[], scores: number[], column: string): PredictionColumns => ({
  rows: ids.length,
  ids: idBytes(ids),
  timestamps: Float64Array.from(ids.map((_, i) => i)),
  labels: Float64Array.from(ids.map((_, i) => i % 2)),
  scores: new Map([[column, Float64Array.from(scores)]]),
  group: undefined,
  slices: [{ column: 'device', codes: Int32Array.from(ids.map((_, i) => i % 2)), values: ['web', 'app'] }],
});

describe('joinOnId', () => {
  it('puts the champion score on the challenger row with the same id, keeping only joined rows', () => {
    const challenger = model(['a', 'b', 'c'], [0.1, 0.2, 0.3], 'score');
    const champion = model(['c', 'a'], [0.9, 0.7], 'score');
    const joined = joinOnId(challenger, champion, 'score', 'score', 0.5, 'id');
    expect(Array.from(joined.challengerScores)).toEqual([0.1, 0.3]);
    expect(Array.from(joined.championScores!)).toEqual([0.7, 0.9]);
    expect(Array.from(joined.timestamps)).toEqual([0, 2]);
    expect(Array.from(joined.slices[0]!.codes)).toEqual([0, 0]);
    expect(joined.stats).toEqual({ challenger_rows: 3, champion_rows: 2, joined_rows: 2, join_rate: 2 / 3 });
  });

  it('keeps every challenger row in its order when all of them join', () => {
    const challenger = model(['a', 'b', 'c'], [0.1, 0.2, 0.3], 'score');
    const champion = model(['c', 'x', 'b', 'a'], [0.9, 0.5, 0.8, 0.7], 'score');
    const joined = joinOnId(challenger, champion, 'score', 'score', 0.5, 'id');
    expect(Array.from(joined.challengerScores)).toEqual([0.1, 0.2, 0.3]);
    expect(Array.from(joined.championScores!)).toEqual([0.7, 0.8, 0.9]);
    expect(Array.from(joined.timestamps)).toEqual([0, 1, 2]);
    expect(Array.from(joined.labels)).toEqual([0, 1, 0]);
    expect(Array.from(joined.slices[0]!.codes)).toEqual([0, 1, 0]);
    expect(joined.stats).toEqual({ challenger_rows: 3, champion_rows: 4, joined_rows: 3, join_rate: 3 / 4 });
  });

  it('refuses a repeated id on either side, naming the model and the column', () => {
    expect(() => joinOnId(model(['a', 'a'], [1, 2], 's'), model(['a'], [1], 's'), 's', 's', 0, 'id')).toThrow(
      'Challenger predictions have the id "a" twice (column "id").',
    );
    expect(() => joinOnId(model(['a'], [1], 's'), model(['a', 'a'], [1, 2], 's'), 's', 's', 0, 'id')).toThrow(
      'Champion predictions have the id "a" twice (column "id").',
    );
  });

  it('fails below the minimum join rate with ids found on one side only', () => {
    const call = () =>
      joinOnId(model(['a', 'b'], [1, 2], 's'), model(['a', 'z'], [1, 2], 's'), 's', 's', 0.9, 'id');
    expect(call).toThrow(UserError);
    try {
      call();
    } catch (error) {
      expect((error as UserError).userMessage).toBe(
        'Only 50.00% of ids joined between champion (2 rows) and challenger (2 rows) on "id"; min-join-rate is 0.9. Examples only in the challenger: "b"; only in the champion: "z". Evaluate both models on the same rows.',
      );
    }
  });
});

describe('joinOnId on byte ids', () => {
  it('matches ids by their exact bytes: beyond 2^53, non-ASCII, prefixes and empty ids are all distinct', () => {
    const ids = ['9007199254740993', '9007199254740992', 'ü', 'u', 'ab', 'abc', '', 'Ünïcødé 😀'];
    const challenger = model(
      ids,
      ids.map((_, i) => i / 10),
      's',
    );
    const reversed = [...ids].reverse();
    const champion = model(
      reversed,
      reversed.map((_, i) => i),
      's',
    );
    const joined = joinOnId(challenger, champion, 's', 's', 1, 'id');
    expect(Array.from(joined.championScores!)).toEqual(ids.map((_, i) => ids.length - 1 - i));
    expect(joined.stats.joined_rows).toBe(ids.length);
  });

  it('joins 30,000 ids through table growth and collisions, as a Map of strings would', () => {
    const n = 30_000;
    const ids = Array.from({ length: n }, (_, i) => `user-${(i * 7919) % 1_000_003}`);
    const championIds = ids.filter((_, i) => i % 3 !== 0).reverse();
    // Champion-only ids grow the second table from its 16 slots.
    for (let k = 0; k < 1000; k++) championIds.push(`only-champion-${k}`);
    const challenger = model(
      ids,
      ids.map((_, i) => i),
      's',
    );
    const champion = model(
      championIds,
      championIds.map((_, j) => j),
      's',
    );
    const joined = joinOnId(challenger, champion, 's', 's', 0, 'id');
    const byId = new Map(championIds.map((id, j) => [id, j]));
    const expected = ids.filter((id) => byId.has(id));
    expect(joined.stats.joined_rows).toBe(expected.length);
    expect(Array.from(joined.championScores!)).toEqual(expected.map((id) => byId.get(id)));
    expect(Array.from(joined.challengerScores)).toEqual(ids.flatMap((id, i) => (byId.has(id) ? [i] : [])));
  });

  it('reports the first repeated row of either side, and only-champion rows in order', () => {
    const repeated = matchIds(idBytes(['x', 'y', 'z', 'y', 'x']), idBytes(['q']));
    expect(repeated).toEqual({ repeated: { side: 'challenger', row: 3 } });
    const championRepeat = matchIds(idBytes(['a', 'b']), idBytes(['c', 'b', 'd', 'c', 'b']));
    expect(championRepeat).toEqual({ repeated: { side: 'champion', row: 3 } });
    const matchedTwice = matchIds(idBytes(['a', 'b']), idBytes(['b', 'a', 'b']));
    expect(matchedTwice).toEqual({ repeated: { side: 'champion', row: 2 } });
    const match = matchIds(idBytes(['a', 'b', 'c']), idBytes(['e', 'c', 'f', 'g', 'h']));
    expect(match).toEqual({ championRow: Int32Array.from([-1, -1, 1]), matched: 1, onlyChampion: [0, 2, 3] });
  });
});

describe('scoresFromOneSource', () => {
  it('takes both score columns of the same rows, or the challenger alone', () => {
    const loaded = model(['a', 'b'], [0.1, 0.2], 'new');
    loaded.scores.set('old', Float64Array.from([0.3, 0.4]));
    const both = scoresFromOneSource(loaded, 'new', 'old');
    expect(Array.from(both.championScores!)).toEqual([0.3, 0.4]);
    expect(both.stats).toEqual({ challenger_rows: 2, champion_rows: 2, joined_rows: 2, join_rate: 1 });
    const alone = scoresFromOneSource(loaded, 'new', undefined);
    expect(alone.championScores).toBeUndefined();
    expect(alone.stats).toEqual({ challenger_rows: 2, champion_rows: null, joined_rows: 2, join_rate: null });
  });
});

describe('evaluationLedgerName', () => {
  it('is one name per run attempt and header on GitHub, and per instant locally', () => {
    const now = new Date('2026-11-30T12:00:00.123Z');
    expect(evaluationLedgerName({ run_id: '42', run_attempt: 2 }, 'model a/b', now)).toBe(
      'evaluations/42-2-model_a_b.json',
    );
    expect(evaluationLedgerName({ run_id: null, run_attempt: null }, 'x', now)).toBe(
      'evaluations/local-2026-11-30T12-00-00-123Z.json',
    );
  });

  it("keeps a registered challenger's evaluations under its package's prefix, and refuses what is not a package ARN", () => {
    const now = new Date('2026-11-30T12:00:00.123Z');
    const arn = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/12';
    expect(evaluationLedgerName({ run_id: '42', run_attempt: 1 }, 'evaluation', now, arn)).toBe(
      'evaluations/purchases/12/42-1-evaluation.json',
    );
    expect(evaluationLedgerPrefix(arn)).toBe('evaluations/purchases/12/');
    expect(() =>
      evaluationLedgerPrefix('arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases'),
    ).toThrow(/Input "model-package-arn": .* is not a versioned model package ARN/);
    expect(() => evaluationLedgerPrefix('purchases/../../ledger/1', 'evaluation-ledger')).toThrow(
      /Input "evaluation-ledger"/,
    );
  });
});
