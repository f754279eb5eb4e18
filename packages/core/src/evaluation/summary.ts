// evaluate-challenger on what an engine (Athena, DuckDB) sends back instead of rows: per window and slice value,
// one row per distinct (label, score) with its count (see sql/evaluation-plan.ts). The metrics take those counts as
// row weights, so every value is the one the local engine computes on the rows themselves.
import { UserError } from '../errors.js';
import type { MetricSpec } from '../metrics/registry.js';
import { type EvaluationInput, scoreModel } from './evaluate.js';
import {
  assertScored,
  decideOutcome,
  type EvaluationOutcome,
  type ModelScore,
  type SliceScore,
  sliceScore,
} from './outcome.js';

/** The engine's answer, one row per line of the query result (columns as in EVALUATION_COLUMNS, text as in CSV). */
export type SummaryRow = ReadonlyArray<string | null>;

/** Distinct (label, score) rows with counts, grouped by window. */
interface WeightedWindows {
  labels: number[];
  scores: number[];
  counts: number[];
  windows: number[][];
}

/** What the engine counted, keyed by model and slice (`model` or `model|column|value`). */
export interface EvaluationSummary {
  groups: Map<string, WeightedWindows>;
  /** Row counts and validation counts by name (`challenger_rows`, `missing_label`, …). */
  stats: Map<string, number>;
  /** Rows per slice value inside the windows, by column then value. */
  sliceRows: Map<string, Map<string, number>>;
}

const num = (text: string | null | undefined, what: string): number => {
  const v = Number(text);
  if (text === null || text === undefined || text === '' || !Number.isFinite(v))
    throw new Error(`Query result: ${what} is ${JSON.stringify(text)}, not a number.`);
  return v;
};

/** Group the query's result rows (header row excluded) by model, slice and window. */
export function readEvaluationSummary(rows: Iterable<SummaryRow>, maxWindows: number): EvaluationSummary {
  const summary: EvaluationSummary = { groups: new Map(), stats: new Map(), sliceRows: new Map() };
  for (const [kind, model, column, value, k, label, score, n] of rows) {
    if (kind === 'stats') {
      // NULL only for as_of over no rows.
      if (n !== null && n !== '') summary.stats.set(model!, num(n, `stats ${model}`));
      continue;
    }
    const key = kind === 'slice' ? `${model}|${column}|${value}` : model!;
    let group = summary.groups.get(key);
    if (!group) {
      group = { labels: [], scores: [], counts: [], windows: Array.from({ length: maxWindows }, () => []) };
      summary.groups.set(key, group);
    }
    const window = num(k, 'window');
    const count = num(n, 'count');
    group.windows[window]!.push(group.labels.length);
    group.labels.push(num(label, 'label'));
    group.scores.push(num(score, 'score'));
    group.counts.push(count);
    if (kind === 'slice' && model === 'challenger') {
      const values = summary.sliceRows.get(column!) ?? new Map<string, number>();
      values.set(value!, (values.get(value!) ?? 0) + count);
      summary.sliceRows.set(column!, values);
    }
  }
  return summary;
}

/** Where each source came from, for messages. */
export interface SummarySources {
  challenger: string;
  champion?: string;
  columns: { id: string; timestamp: string; label: string; challengerScore: string; championScore?: string };
}

/** Fail as the local reader would on what the engine counted (missing values, labels or scores out of range). */
export function checkSummary(spec: MetricSpec, summary: EvaluationSummary, sources: SummarySources): void {
  const c = sources.columns;
  const stat = (name: string) => summary.stats.get(name) ?? 0;
  const problems: [number, string, string?][] = [
    [
      stat('duplicate_challenger_ids'),
      `${sources.challenger} has ${stat('duplicate_challenger_ids')} repeated ids in "${c.id}"`,
      'Ids must be unique to join the two models.',
    ],
    [
      stat('duplicate_champion_ids'),
      `${sources.champion} has ${stat('duplicate_champion_ids')} repeated ids in "${c.id}"`,
      'Ids must be unique to join the two models.',
    ],
    [
      stat('missing_timestamp'),
      `${sources.challenger}: ${stat('missing_timestamp')} rows have an empty or unreadable timestamp in "${c.timestamp}"`,
    ],
    [
      stat('missing_label'),
      `${sources.challenger}: ${stat('missing_label')} rows have an empty or non-numeric label in "${c.label}"`,
      'Evaluate only predictions whose outcome is known (add it to athena-where).',
    ],
    [
      stat('missing_score'),
      `${sources.challenger}: ${stat('missing_score')} rows have an empty or non-numeric score in "${c.challengerScore}"`,
      'Every row needs a score.',
    ],
    [
      stat('missing_champion_score'),
      `${sources.champion ?? sources.challenger}: ${stat('missing_champion_score')} rows have an empty or non-numeric score in "${c.championScore}"`,
      'Every row needs a score.',
    ],
    [
      stat('label_not_binary'),
      `${stat('label_not_binary')} rows have a label in "${c.label}" that is not 0 or 1, which ${spec.name} needs`,
      'Map outcomes to 0/1, or choose a regression metric (rmse, mae, r2).',
    ],
    [
      stat('score_not_probability'),
      `${stat('score_not_probability')} rows have a score outside [0, 1], which ${spec.name} needs`,
    ],
  ];
  for (const [count, message, hint] of problems) {
    if (count > 0) throw new UserError(`${message}.`, hint ? { hint } : undefined);
  }
}

function score(
  summary: EvaluationSummary,
  key: string,
  input: Pick<EvaluationInput, 'spec' | 'plan' | 'gamma' | 'normalize'>,
): ModelScore {
  const group = summary.groups.get(key) ?? {
    labels: [],
    scores: [],
    counts: [],
    windows: Array.from({ length: input.plan.maxWindows }, () => []),
  };
  const columns = { labels: Float64Array.from(group.labels), scores: Float64Array.from(group.scores) };
  const windows = group.windows.map((rows) => Uint32Array.from(rows));
  return scoreModel(input.spec, columns, windows, input, undefined, Float64Array.from(group.counts));
}

/** What evaluateSummary needs: the evaluation's settings without rows (the summary replaces them). */
export type SummaryEvaluationInput = Omit<
  EvaluationInput,
  'timestamps' | 'challenger' | 'champion' | 'groupCount' | 'slices' | 'bootstrap' | 'progress'
> & { hasChampion: boolean; sliceColumns: string[] };

/**
 * The evaluation from an engine's summary. The paired bootstrap needs both models' scores row by row, which the
 * summary does not hold, so the caller accepts only `decision-rule: point-estimate` with it (documented).
 */
export function evaluateSummary(
  summary: EvaluationSummary,
  input: SummaryEvaluationInput,
): EvaluationOutcome {
  const challenger = score(summary, 'challenger', input);
  const rowsEvaluated = challenger.windows.reduce((n, w) => n + w.rows, 0);
  if (rowsEvaluated === 0) {
    throw new UserError(
      `No row falls in the evaluation windows (${input.plan.maxWindows} windows of ${input.plan.windowMs / 3_600_000}h ending ${new Date(input.plan.asOf).toISOString()}).`,
      {
        hint: 'Check `as-of`, `window`, `max-windows` and `athena-where` against the timestamps in the table.',
      },
    );
  }
  assertScored(input.spec, challenger);
  const champion = input.hasChampion ? score(summary, 'champion', input) : null;
  const slices: SliceScore[] = [];
  const truncated: { column: string; values_not_shown: number }[] = [];
  const limit = input.maxSliceValues ?? 50;
  for (const column of input.sliceColumns) {
    const counts = summary.sliceRows.get(column) ?? new Map<string, number>();
    // Most rows first, ties by value: the local engine's order.
    const ranked = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1));
    if (ranked.length > limit) truncated.push({ column, values_not_shown: ranked.length - limit });
    for (const value of ranked.slice(0, limit)) {
      const chall = score(summary, `challenger|${column}|${value}`, input).score;
      const champ = input.hasChampion ? score(summary, `champion|${column}|${value}`, input).score : null;
      slices.push(sliceScore(input, column, value, counts.get(value)!, chall, champ));
    }
  }
  return decideOutcome(input, {
    champion,
    challenger,
    slices,
    slices_truncated: truncated,
    bootstrap: null,
    rows_evaluated: rowsEvaluated,
  });
}
