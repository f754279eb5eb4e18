import { UserError } from '../errors.js';
import { matchPartitionedIds, type PartitionedIds, partitionedIdText } from './join-ids.js';

/** One model's predictions, column-major (as evaluate-challenger loads them). */
export interface PredictionColumns {
  rows: number;
  /** The id column as bytes, partitioned for the join by the thread that read it (join-ids.ts), when joining two files. */
  ids: PartitionedIds | undefined;
  timestamps: Float64Array | undefined;
  labels: Float64Array | undefined;
  scores: Map<string, Float64Array>;
  group: { codes: Int32Array; values: string[] } | undefined;
  slices: { column: string; codes: Int32Array; values: string[] }[];
}

/** The result of joining champion scores onto challenger rows. */
export interface JoinedPredictions {
  timestamps: Float64Array;
  labels: Float64Array;
  challengerScores: Float64Array;
  championScores: Float64Array | undefined;
  group: { codes: Int32Array; values: string[] } | undefined;
  slices: { column: string; codes: Int32Array; values: string[] }[];
  stats: {
    challenger_rows: number;
    champion_rows: number | null;
    joined_rows: number;
    join_rate: number | null;
  };
}

function pick<T extends Float64Array | Int32Array>(array: T, rows: Uint32Array): T {
  const out = new (array.constructor as new (n: number) => T)(rows.length);
  for (let j = 0; j < rows.length; j++) out[j] = array[rows[j]!]!;
  return out;
}

/**
 * Join champion scores onto challenger rows by id (bytes compared exactly, see join-ids.ts). Duplicate ids are an
 * error (a join would be ambiguous); the join rate is matched rows / the larger of the two row counts, and below
 * `minJoinRate` the evaluation fails with examples.
 */
export function joinOnId(
  challenger: PredictionColumns,
  champion: PredictionColumns,
  scoreColumn: string,
  championScoreColumn: string,
  minJoinRate: number,
  idColumn: string,
): JoinedPredictions {
  const challengerIds = challenger.ids!;
  const championIds = champion.ids!;
  const match = matchPartitionedIds(challengerIds, championIds);
  if ('repeated' in match) {
    const { side, row } = match.repeated;
    const id = partitionedIdText(side === 'challenger' ? challengerIds : championIds, row);
    throw new UserError(
      `${side === 'challenger' ? 'Challenger' : 'Champion'} predictions have the id ${JSON.stringify(id)} twice (column "${idColumn}").`,
      { hint: 'Ids must be unique to join the two models.' },
    );
  }
  const { championRow, matched } = match;
  const rate = matched / Math.max(challenger.rows, champion.rows, 1);
  if (rate < minJoinRate) {
    const missingFromChampion: string[] = [];
    for (let i = 0; i < challenger.rows && missingFromChampion.length < 3; i++)
      if (championRow[i] === -1) missingFromChampion.push(partitionedIdText(challengerIds, i));
    const unmatched = match.onlyChampion.map((j) => partitionedIdText(championIds, j));
    throw new UserError(
      `Only ${(rate * 100).toFixed(2)}% of ids joined between champion (${champion.rows} rows) and challenger (${challenger.rows} rows) on "${idColumn}"; min-join-rate is ${minJoinRate}.`,
      {
        hint: `Examples only in the challenger: ${missingFromChampion.map((x) => JSON.stringify(x)).join(', ') || 'none'}; only in the champion: ${unmatched.map((x) => JSON.stringify(x)).join(', ') || 'none'}. Evaluate both models on the same rows.`,
      },
    );
  }
  const championScores = new Float64Array(matched);
  const source = champion.scores.get(championScoreColumn)!;
  // Usually every challenger row joins: its columns are then taken as they are (as scoresFromOneSource does),
  // not copied.
  const all = matched === challenger.rows;
  const rows = all ? undefined : new Uint32Array(matched);
  for (let i = 0, k = 0; i < challenger.rows; i++) {
    const j = championRow[i]!;
    if (j < 0) continue;
    if (rows) rows[k] = i;
    championScores[k++] = source[j]!;
  }
  const take = <T extends Float64Array | Int32Array>(array: T): T => (rows ? pick(array, rows) : array);
  return {
    timestamps: take(challenger.timestamps!),
    labels: take(challenger.labels!),
    challengerScores: take(challenger.scores.get(scoreColumn)!),
    championScores,
    group: challenger.group
      ? { codes: take(challenger.group.codes), values: challenger.group.values }
      : undefined,
    slices: challenger.slices.map((s) => ({ ...s, codes: take(s.codes) })),
    stats: {
      challenger_rows: challenger.rows,
      champion_rows: champion.rows,
      joined_rows: matched,
      join_rate: rate,
    },
  };
}

/**
 * Both models' scores from one source (no join): the challenger's score column and, when evaluating against a
 * champion, the champion's score column of the same rows.
 */
export function scoresFromOneSource(
  loaded: PredictionColumns,
  challengerScoreColumn: string,
  championScoreColumn: string | undefined,
): JoinedPredictions {
  const champion = championScoreColumn !== undefined;
  return {
    timestamps: loaded.timestamps!,
    labels: loaded.labels!,
    challengerScores: loaded.scores.get(challengerScoreColumn)!,
    championScores: champion ? loaded.scores.get(championScoreColumn) : undefined,
    group: loaded.group,
    slices: loaded.slices,
    stats: {
      challenger_rows: loaded.rows,
      champion_rows: champion ? loaded.rows : null,
      joined_rows: loaded.rows,
      join_rate: champion ? 1 : null,
    },
  };
}
