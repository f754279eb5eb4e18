// The SQL behind drift-report's performance windows on athena:// sources: the engine assigns windows, joins the late
// outcomes on id and counts; the runner receives per window one row per distinct (label, score), label NULL for
// predictions whose outcome is not in yet. Those counts are row weights for the same metric code as the files path,
// so average precision, ROC AUC, log-loss, brier and the regression metrics stay exact; label coverage is the
// labelled share of each window's count.
import type { WindowPlan } from '../evaluation/windows.js';
import { quoteIdentifier as q, type SqlDialect } from './dialect.js';
import { type AthenaTable, tableReference, whereClause } from './source.js';

/** What drift-report asks of the engine for its performance windows. */
export interface DriftPerformanceQuery {
  dialect: SqlDialect;
  /** `asOf` undefined: the latest prediction's timestamp, as the files path defaults it (returned as stats `as_of`). */
  plan: Omit<WindowPlan, 'asOf'> & { asOf: number | undefined };
  predictions: AthenaTable;
  /** The outcomes table joined on `id`; undefined: no performance, only the window counts and the as-of. */
  outcomes?: AthenaTable;
  columns: { id: string; timestamp: string; score: string; label: string };
  /**
   * drift-report's `lookback`: only predictions with from <= timestamp < to (epoch ms) are read, as the files path
   * reads only the partitions of the period; predictions without a readable timestamp stay, to be reported.
   */
  period?: { from: number; to: number };
}

/**
 * One query, columns kind, name, k, label, score, n: `window` rows (k, label or NULL, score, count) and `stats` rows
 * (a count named by `name` in n: predictions, unreadable timestamps and scores, repeated ids, outcomes, matched, as_of).
 */
export function planDriftPerformanceQuery(query: DriftPerformanceQuery): string {
  const { dialect: d, columns: c, plan } = query;
  const read = `SELECT ${d.toText(q(c.id))} AS id, ${d.epochMs(q(c.timestamp))} AS ts, ${d.toDouble(q(c.score))} AS score FROM ${tableReference(query.predictions)}${whereClause(query.predictions)}`;
  const period = query.period;
  const ctes = [
    period
      ? `predictions AS (SELECT * FROM (${read}) AS p WHERE ts IS NULL OR (ts >= ${period.from} AND ts < ${period.to}))`
      : `predictions AS (${read})`,
  ];
  if (query.outcomes)
    ctes.push(
      `outcomes AS (SELECT ${d.toText(q(c.id))} AS id, ${d.toDouble(q(c.label))} AS label FROM ${tableReference(query.outcomes)}${whereClause(query.outcomes)})`,
    );
  // Window k holds asOf-(k+1)W < t <= asOf-kW, i.e. k = floor((asOf - t) / W), as assignWindows computes it.
  ctes.push(
    plan.asOf === undefined
      ? 'bounds AS (SELECT max(ts) AS as_of FROM predictions)'
      : `bounds AS (SELECT CAST(${plan.asOf} AS bigint) AS as_of)`,
    `windowed AS (SELECT predictions.*, CAST(floor((bounds.as_of - ts) / ${plan.windowMs}.0) AS bigint) AS k FROM predictions CROSS JOIN bounds WHERE ts <= bounds.as_of AND ts > bounds.as_of - ${plan.maxWindows * plan.windowMs})`,
  );
  // An outcome without a readable label is no outcome (the files path skips it too).
  const labelled = query.outcomes
    ? 'windowed LEFT JOIN (SELECT id, label FROM outcomes WHERE label IS NOT NULL) AS o ON windowed.id = o.id'
    : 'windowed';
  const label = query.outcomes ? 'o.label' : 'CAST(NULL AS double)';
  const parts = [
    `SELECT 'window' AS kind, NULL AS name, k, ${label} AS label, score, count(*) AS n FROM ${labelled} GROUP BY k, ${label}, score`,
  ];
  const stats = new Map<string, string>([
    ['predictions', 'count(*) FROM predictions'],
    ['missing_timestamp', 'count(*) FROM predictions WHERE ts IS NULL'],
    ['missing_score', 'count(*) FROM windowed WHERE score IS NULL'],
    ['duplicate_ids', 'count(*) - count(DISTINCT id) FROM predictions'],
    ['as_of', 'as_of FROM bounds'],
  ]);
  if (query.outcomes) {
    stats.set('outcomes', 'count(DISTINCT id) FROM outcomes WHERE label IS NOT NULL');
    stats.set(
      'duplicate_outcome_ids',
      'count(id) - count(DISTINCT id) FROM outcomes WHERE label IS NOT NULL',
    );
    stats.set(
      'matched',
      'count(*) FROM predictions WHERE id IN (SELECT id FROM outcomes WHERE label IS NOT NULL)',
    );
  }
  for (const [name, count] of stats)
    parts.push(`SELECT 'stats', '${name}', NULL, NULL, NULL, (SELECT ${count})`);
  return `WITH ${ctes.join(',\n')}\n${parts.join('\nUNION ALL\n')}`;
}
