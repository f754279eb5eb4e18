import { UserError } from '../errors.js';

/** One model's predictions, column-major (as evaluate-challenger loads them). */
export interface PredictionColumns {
  rows: number;
  ids: string[] | undefined;
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
 * Join champion scores onto challenger rows by id. Duplicate ids are an error (a join would be ambiguous); the join
 * rate is matched rows / the larger of the two row counts, and below `minJoinRate` the evaluation fails with examples.
 */
export function joinOnId(
  challenger: PredictionColumns,
  champion: PredictionColumns,
  scoreColumn: string,
  championScoreColumn: string,
  minJoinRate: number,
  idColumn: string,
): JoinedPredictions {
  const index = new Map<string, number>();
  challenger.ids!.forEach((id, i) => {
    if (index.has(id))
      throw new UserError(
        `Challenger predictions have the id ${JSON.stringify(id)} twice (column "${idColumn}").`,
        { hint: 'Ids must be unique to join the two models.' },
      );
    index.set(id, i);
  });
  const championScore = new Float64Array(challenger.rows).fill(Number.NaN);
  const seen = new Set<string>();
  const unmatched: string[] = [];
  let matched = 0;
  const source = champion.scores.get(championScoreColumn)!;
  champion.ids!.forEach((id, j) => {
    if (seen.has(id))
      throw new UserError(
        `Champion predictions have the id ${JSON.stringify(id)} twice (column "${idColumn}").`,
        { hint: 'Ids must be unique to join the two models.' },
      );
    seen.add(id);
    const i = index.get(id);
    if (i === undefined) {
      if (unmatched.length < 3) unmatched.push(id);
      return;
    }
    championScore[i] = source[j]!;
    matched++;
  });
  const rate = matched / Math.max(challenger.rows, champion.rows, 1);
  if (rate < minJoinRate) {
    const missingFromChampion = challenger.ids!.filter((id) => !seen.has(id)).slice(0, 3);
    throw new UserError(
      `Only ${(rate * 100).toFixed(2)}% of ids joined between champion (${champion.rows} rows) and challenger (${challenger.rows} rows) on "${idColumn}"; min-join-rate is ${minJoinRate}.`,
      {
        hint: `Examples only in the challenger: ${missingFromChampion.map((x) => JSON.stringify(x)).join(', ') || 'none'}; only in the champion: ${unmatched.map((x) => JSON.stringify(x)).join(', ') || 'none'}. Evaluate both models on the same rows.`,
      },
    );
  }
  const keep: number[] = [];
  for (let i = 0; i < challenger.rows; i++) if (!Number.isNaN(championScore[i]!)) keep.push(i);
  const rows = Uint32Array.from(keep);
  return {
    timestamps: pick(challenger.timestamps!, rows),
    labels: pick(challenger.labels!, rows),
    challengerScores: pick(challenger.scores.get(scoreColumn)!, rows),
    championScores: pick(championScore, rows),
    group: challenger.group
      ? { codes: pick(challenger.group.codes, rows), values: challenger.group.values }
      : undefined,
    slices: challenger.slices.map((s) => ({ ...s, codes: pick(s.codes, rows) })),
    stats: {
      challenger_rows: challenger.rows,
      champion_rows: champion.rows,
      joined_rows: rows.length,
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
