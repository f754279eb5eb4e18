import type { S3Client } from '@aws-sdk/client-s3';
import { DictionaryEncoder, FloatBuffer, type MetricSpec, UserError } from '@mlops-actions/core';
import {
  type Column,
  type ColumnRequest,
  type NumberColumn,
  readBatches,
  type StringColumn,
} from '@mlops-actions/data';

/** Predictions of one file set, column-major. */
export interface LoadedPredictions {
  rows: number;
  ids: string[] | undefined;
  timestamps: Float64Array | undefined;
  labels: Float64Array | undefined;
  scores: Map<string, Float64Array>;
  group: { codes: Int32Array; values: string[] } | undefined;
  slices: { column: string; codes: Int32Array; values: string[] }[];
}

export interface LoadRequest {
  source: string;
  inputName: string;
  idColumn?: string;
  timestampColumn?: string;
  labelColumn?: string;
  scoreColumns: string[];
  groupColumn?: string;
  sliceColumns: string[];
  metric: MetricSpec;
  s3?: S3Client;
}

function numberColumn(column: Column | undefined): NumberColumn | undefined {
  return column?.kind === 'number' ? column : undefined;
}

/** Stream a prediction source into typed arrays, validating labels and scores for the metric as rows arrive. */
export async function loadPredictions(request: LoadRequest): Promise<LoadedPredictions> {
  const columns: Record<string, ColumnRequest> = {};
  if (request.idColumn) columns[request.idColumn] = { type: 'string' };
  if (request.timestampColumn) columns[request.timestampColumn] = { type: 'timestamp' };
  if (request.labelColumn) columns[request.labelColumn] = { type: 'number' };
  for (const c of request.scoreColumns) columns[c] = { type: 'number' };
  if (request.groupColumn) columns[request.groupColumn] = { type: 'string' };
  for (const c of request.sliceColumns) columns[c] = { type: 'string' };

  const ids: string[] | undefined = request.idColumn ? [] : undefined;
  const timestamps = request.timestampColumn ? new FloatBuffer() : undefined;
  const labels = request.labelColumn ? new FloatBuffer() : undefined;
  const scores = new Map(request.scoreColumns.map((c) => [c, new FloatBuffer()]));
  const group = request.groupColumn ? new DictionaryEncoder() : undefined;
  const slices = request.sliceColumns.map((column) => ({ column, codes: new DictionaryEncoder() }));
  const { metric } = request;
  const binary = metric.labels === 'binary';
  const probability = metric.kind === 'probability';
  let rows = 0;
  const rowInFile = new Map<string, number>();

  for await (const batch of readBatches(request.source, {
    columns,
    s3: request.s3,
    inputName: request.inputName,
  })) {
    const before = rowInFile.get(batch.source) ?? 0;
    rowInFile.set(batch.source, before + batch.length);
    const at = (i: number) => `${batch.source}, data row ${before + i + 1}`;
    if (ids) {
      const col = batch.columns[request.idColumn!] as StringColumn;
      for (let i = 0; i < batch.length; i++) {
        const id = col.values[i];
        if (id === null || id === undefined) {
          throw new UserError(`${at(i)}: the id column "${request.idColumn}" is empty.`, {
            hint: 'Every prediction needs an id to join on.',
          });
        }
        ids.push(id);
      }
    }
    if (timestamps) {
      const col = numberColumn(batch.columns[request.timestampColumn!])!;
      for (let i = 0; i < batch.length; i++) {
        if (col.missing?.[i])
          throw new UserError(`${at(i)}: the timestamp column "${request.timestampColumn}" is empty.`);
        timestamps.push(col.values[i]!);
      }
    }
    if (labels) {
      const col = numberColumn(batch.columns[request.labelColumn!])!;
      for (let i = 0; i < batch.length; i++) {
        const y = col.values[i]!;
        if (col.missing?.[i]) {
          throw new UserError(`${at(i)}: the label column "${request.labelColumn}" is empty.`, {
            hint: 'Evaluate only predictions whose outcome is known (drift-report handles late labels).',
          });
        }
        if (binary && y !== 0 && y !== 1) {
          throw new UserError(
            `${at(i)}: label ${y} in column "${request.labelColumn}" is not 0 or 1, which ${metric.name} needs.`,
            {
              hint: 'Map outcomes to 0/1, or choose a regression metric (rmse, mae, r2).',
            },
          );
        }
        if (metric.labels === 'relevance' && y < 0) {
          throw new UserError(
            `${at(i)}: relevance ${y} in column "${request.labelColumn}" is negative; ${metric.name} needs grades >= 0.`,
          );
        }
        labels.push(y);
      }
    }
    for (const [name, out] of scores) {
      const col = numberColumn(batch.columns[name])!;
      for (let i = 0; i < batch.length; i++) {
        const s = col.values[i]!;
        if (col.missing?.[i])
          throw new UserError(`${at(i)}: the score column "${name}" is empty.`, {
            hint: 'Every row needs a score.',
          });
        if (probability && (s < 0 || s > 1)) {
          throw new UserError(
            `${at(i)}: score ${s} in column "${name}" is not a probability in [0, 1], which ${metric.name} needs.`,
          );
        }
        out.push(s);
      }
    }
    if (group) {
      const col = batch.columns[request.groupColumn!] as StringColumn;
      for (let i = 0; i < batch.length; i++) group.push(col.values[i] ?? null);
    }
    for (const slice of slices) {
      const col = batch.columns[slice.column] as StringColumn;
      for (let i = 0; i < batch.length; i++) slice.codes.push(col.values[i] ?? null);
    }
    rows += batch.length;
  }
  return {
    rows,
    ids,
    timestamps: timestamps?.done(),
    labels: labels?.done(),
    scores: new Map([...scores].map(([k, v]) => [k, v.done()])),
    group: group ? { codes: group.done(), values: group.values } : undefined,
    slices: slices.map((s) => ({ column: s.column, codes: s.codes.done(), values: s.codes.values })),
  };
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
  challenger: LoadedPredictions,
  champion: LoadedPredictions,
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
