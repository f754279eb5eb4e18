// drift-report over athena://database/table sources: Athena assigns windows, joins the late outcomes and counts
// (planDriftPerformanceQuery), and summarises the features of the current window, the older windows and the
// reference (planFeatureSummaryQuery); the runner receives only those summaries and finishes with the same core code
// as the files path (see docs/athena.md for what is exact and what is within a bound).
import {
  athenaDialect,
  compareFeature,
  type DriftResult,
  estimateUnlabelledWindows,
  type FeatureSide,
  featureSidesFromRows,
  isAthenaSource,
  type NumericSummary,
  type PerformanceCounts,
  type PerformanceWindow,
  parseAthenaSource,
  performanceCountsFromRows,
  performanceWindows,
  planDriftPerformanceQuery,
  planFeatureSummaryQuery,
  type SqlDialect,
  UserError,
} from '@mlops-actions/core';
import { type ActionDeps, type EngineRun, runAthenaStep } from '@mlops-actions/github';
import type { DriftEvidence } from './evidence.js';
import type { DriftInputs } from './inputs.js';
import type { LoadOptions } from './load.js';
import { loadReference } from './reference.js';

/** Whether drift-report reads its predictions (and outcomes) from Athena. */
export const usesAthena = (inputs: DriftInputs): boolean => isAthenaSource(inputs.predictions);

/** The checks an athena:// run needs before any query: what it cannot do, refused with what to do instead. */
function checkAthenaInputs(inputs: DriftInputs): void {
  if (inputs.outcomes && !isAthenaSource(inputs.outcomes))
    throw new UserError('`outcomes` must be an athena:// table when `predictions` is one.', {
      hint: 'Register the outcome files as a Glue table so Athena joins them where they lie.',
    });
  if (inputs.features.length === 0)
    throw new UserError('With athena:// predictions, list the feature columns to compare in `features`.', {
      hint: 'Name them in `features` (and the text ones also in `categorical-features`); the table’s other columns are not read.',
    });
  if (inputs.metric.kind === 'group-ranking')
    throw new UserError(`Metric ${inputs.metric.name} is not supported with athena:// sources yet.`, {
      hint: 'Use average-precision, roc-auc, log-loss, brier, a threshold or a regression metric.',
    });
  if (inputs.writeReference)
    throw new UserError('`write-reference` needs reference data read as files, not athena:// predictions.');
}

/** Epoch ms from (inclusive) to (exclusive). */
type Period = { from: number; to: number };

const HOUR_MS = 3_600_000;

/**
 * `lookback` as the predictions' timestamps Athena keeps: the whole hours from the period's first to its last, the
 * `yyyy/mm/dd/hh/` partitions the files path lists for s3:// capture (LoadOptions.period).
 */
function lookbackHours(period: { from: number; to: number } | undefined): Period | undefined {
  if (!period) return undefined;
  return {
    from: Math.floor(period.from / HOUR_MS) * HOUR_MS,
    to: (Math.floor(period.to / HOUR_MS) + 1) * HOUR_MS,
  };
}

/** The performance query for these inputs (Athena in the action, DuckDB in tests). */
export function performanceSql(inputs: DriftInputs, dialect: SqlDialect, period?: Period): string {
  checkAthenaInputs(inputs);
  const where = inputs.athena.where;
  return planDriftPerformanceQuery({
    dialect,
    plan: { asOf: inputs.asOf, windowMs: inputs.windowMs, maxWindows: inputs.maxWindows },
    predictions: parseAthenaSource(inputs.predictions, 'predictions', where),
    outcomes: inputs.outcomes ? parseAthenaSource(inputs.outcomes, 'outcomes', where) : undefined,
    columns: inputs.columns,
    ...(period ? { period } : {}),
  });
}

/** Which sides the feature queries summarise. */
type Side = 'current' | 'older' | 'reference';

/** The feature-summary query of one side: the current window, the older windows (+ the score), or the reference table. */
export function featureSql(
  inputs: DriftInputs,
  dialect: SqlDialect,
  side: Side,
  asOf: number,
  period?: Period,
): string {
  const categorical = new Set(inputs.categorical);
  const numeric = inputs.features.filter((f) => !categorical.has(f));
  const cats = inputs.features.filter((f) => categorical.has(f));
  if (side === 'reference')
    return planFeatureSummaryQuery({
      dialect,
      table: parseAthenaSource(inputs.reference!, 'reference'),
      numeric,
      categorical: cats,
    });
  const W = inputs.windowMs;
  const windows =
    side === 'current'
      ? { start: asOf - W, end: asOf }
      : { start: asOf - inputs.maxWindows * W, end: asOf - W };
  // Windows hold start < t <= end; the lookback hours from <= t < to (timestamps are whole milliseconds).
  const window = period
    ? { start: Math.max(windows.start, period.from - 1), end: Math.min(windows.end, period.to - 1) }
    : windows;
  // The older windows are the reference only without a `reference` input; the score is always there (prediction drift).
  const asReference = side === 'current' || !inputs.reference;
  return planFeatureSummaryQuery({
    dialect,
    table: parseAthenaSource(inputs.predictions, 'predictions', inputs.athena.where),
    numeric: [...(asReference ? numeric : []), inputs.columns.score],
    categorical: asReference ? cats : [],
    window: { timestampColumn: inputs.columns.timestamp, ...window },
  });
}

/** Performance windows and checks from the engine's counts, as the files path computes them from rows. */
export function performanceFromCounts(
  inputs: DriftInputs,
  counts: PerformanceCounts,
  asOf: number,
): { windows: PerformanceWindow[]; join: DriftResult['performance']['join']; currentRows: number } {
  const stat = (name: string) => counts.stats.get(name) ?? 0;
  const source = `${inputs.predictions}${inputs.athena.where ? ` where ${inputs.athena.where}` : ''}`;
  if (stat('predictions') === 0) throw new UserError(`No predictions in ${source}: the table has no rows.`);
  if (stat('missing_timestamp') > 0)
    throw new UserError(
      `${source}: ${stat('missing_timestamp')} prediction(s) with an empty or unreadable timestamp (column "${inputs.columns.timestamp}").`,
      {
        hint: 'Every prediction needs a timestamp: ISO 8601, a timestamp column, or epoch seconds/milliseconds.',
      },
    );
  if (stat('duplicate_outcome_ids') > 0)
    throw new UserError(
      `${inputs.outcomes}: ${stat('duplicate_outcome_ids')} outcome(s) repeat an id of column "${inputs.columns.id}"; Athena has no file order to keep the latest as the files path does.`,
      { hint: 'Point `outcomes` at a view that keeps one (the latest) outcome per id.' },
    );
  let currentRows = 0;
  for (let i = 0; i < counts.counts.length; i++)
    if (counts.windowIndex[i] === 0) currentRows += counts.counts[i]!;
  if (!inputs.outcomes) return { windows: [], join: null, currentRows };
  const plan = { asOf, windowMs: inputs.windowMs, maxWindows: inputs.maxWindows };
  const scored = performanceWindows(
    {
      metric: inputs.metric,
      plan,
      minLabelCoverage: inputs.minLabelCoverage,
      minRows: inputs.driftPolicy.minRows,
    },
    { labels: counts.labels, scores: counts.scores },
    counts.windowIndex,
    counts.counts,
  );
  // Windows whose labels are not in yet: CBPE reads the same per-(window, label, score) counts, so the estimate is
  // the files path's (estimatePerformance works on distinct scores with counts either way).
  const windows = estimateUnlabelledWindows(scored, {
    metric: inputs.metric,
    scores: counts.scores,
    labels: counts.labels,
    counts: counts.counts,
    windowIndex: counts.windowIndex,
    minLabelCoverage: inputs.minLabelCoverage,
    minRows: inputs.driftPolicy.minRows,
  });
  return {
    windows,
    join: { predictions: stat('predictions'), outcomes: stat('outcomes'), matched: stat('matched') },
    currentRows,
  };
}

/** A feature summarised as numeric whose text is not a number is a categorical feature: the user must say so. */
function checkNumeric(rows: (string | null)[][], table: string): void {
  for (const [feature, kind, example, n] of rows)
    if (kind === 'not-numeric' && Number(n) > 0)
      throw new UserError(
        `${table}: feature "${feature}" has ${n} value(s) that are not numbers (e.g. ${JSON.stringify(example)}).`,
        { hint: 'List it in `categorical-features` to compare it as categories.' },
      );
}

/** Run drift-report's queries in Athena: performance first (it fixes as-of), then the feature summaries. */
export async function athenaEvidence(
  inputs: DriftInputs,
  base: LoadOptions,
  deps: ActionDeps,
): Promise<DriftEvidence> {
  const engines: EngineRun[] = [];
  const run = async (what: string, sql: string) => {
    deps.logger.info(`Athena (workgroup ${inputs.athena.workgroup}), ${what}:`);
    deps.logger.info(sql);
    const out = await runAthenaStep(sql, inputs.athena, deps);
    engines.push(out.engine);
    return out.rows.slice(1);
  };
  const period = lookbackHours(base.period);
  if (period && !inputs.athena.where)
    base.onWarning(
      'lookback on athena:// keeps the predictions of the period by their timestamp, which prunes no partition: Athena still scans the whole table. Bound its partition column with `athena-where` (e.g. dt >= …) to scan only the period.',
    );
  const counts = performanceCountsFromRows(
    await run('windows and outcomes', performanceSql(inputs, athenaDialect, period)),
  );
  const asOf = inputs.asOf ?? counts.stats.get('as_of')!;
  const perf = performanceFromCounts(inputs, counts, asOf);
  const sides = async (side: Side, table: string) => {
    const rows = await run(
      `${side} feature summaries`,
      featureSql(inputs, athenaDialect, side, asOf, side === 'reference' ? undefined : period),
    );
    checkNumeric(rows, table);
    return featureSidesFromRows(rows);
  };
  const current = await sides('current', inputs.predictions);
  const older = await sides('older', inputs.predictions);
  const score = inputs.columns.score;
  const olderScore = older.get(score) as NumericSummary | undefined;
  const prediction =
    olderScore && olderScore.count > 0 ? compareFeature(score, olderScore, current.get(score)!) : null;
  current.delete(score);
  older.delete(score);
  return {
    asOf,
    windows: perf.windows,
    join: perf.join,
    currentCount: perf.currentRows,
    reference: await referenceSides(inputs, base, older, (table) => sides('reference', table), deps),
    current: inputs.features.map((f) => [f, () => current.get(f)!] as const),
    prediction,
    engines,
  };
}

/** The reference: an athena:// table summarised in Athena, files read as the files path reads them, or the older windows. */
async function referenceSides(
  inputs: DriftInputs,
  base: LoadOptions,
  older: Map<string, FeatureSide>,
  summarise: (table: string) => Promise<Map<string, FeatureSide>>,
  deps: ActionDeps,
): Promise<DriftEvidence['reference']> {
  if (!inputs.reference)
    return { sides: older, info: { source: 'predictions in the older windows', kind: 'older-windows' } };
  if (isAthenaSource(inputs.reference))
    return { sides: await summarise(inputs.reference), info: { source: inputs.reference, kind: 'data' } };
  deps.logger.info(`Reading the reference from ${inputs.reference}`);
  const loaded = await loadReference(
    { ...base, source: inputs.reference, inputName: 'reference', format: 'auto', period: undefined },
    inputs.features,
    new Set(inputs.categorical),
    inputs.referenceExactLimit,
  );
  return { sides: loaded.sides, info: { source: inputs.reference, kind: loaded.kind } };
}
