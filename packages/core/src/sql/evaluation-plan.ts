// The SQL behind evaluate-challenger's athena:// sources. The engine joins, assigns windows and counts; the runner
// receives, per window (and per slice value), one row per distinct (label, score) with its count. Every metric the
// local engine computes except map@k/ndcg@k accepts row weights, so those counts finish the job exactly (integers,
// no approximation): average precision and ROC AUC see every distinct threshold, log-loss and brier every score.
import type { WindowPlan } from '../evaluation/windows.js';
import type { MetricSpec } from '../metrics/registry.js';
import { quoteIdentifier as q, type SqlDialect } from './dialect.js';
import { type AthenaTable, tableReference, whereClause } from './source.js';

/** What evaluate-challenger asks of the engine. */
export interface EvaluationQuery {
  dialect: SqlDialect;
  spec: MetricSpec;
  /** `asOf` undefined: the latest joined timestamp, as the local engine defaults it (returned as stats `as_of`). */
  plan: Omit<WindowPlan, 'asOf'> & { asOf: number | undefined };
  challenger: AthenaTable;
  /** A second table joined on `id`; undefined when both scores are columns of the challenger table (or no champion). */
  champion?: AthenaTable;
  columns: {
    id: string;
    timestamp: string;
    label: string;
    challengerScore: string;
    /** Set when there is a champion (in `champion`'s table, or a second column of the challenger's). */
    championScore?: string;
    slices: string[];
  };
}

/**
 * The one query whose result is every summary evaluate-challenger needs, in columns kind, model, slice_column,
 * slice_value, k, label, score, n: `kind` is `window`, `slice` or `stats` (a count named by `model`, its value in `n`).
 */
export function planEvaluationQuery(query: EvaluationQuery): string {
  const { dialect: d, columns: c, plan } = query;
  const joinTables = query.champion !== undefined;
  const hasChampion = c.championScore !== undefined;
  const slices = c.slices.map((column, i) => ({ column, alias: `slice_${i}` }));
  const challenger = [
    `${d.toText(q(c.id))} AS id`,
    `${d.epochMs(q(c.timestamp))} AS ts`,
    `${d.toDouble(q(c.label))} AS label`,
    `${d.toDouble(q(c.challengerScore))} AS challenger_score`,
    ...(hasChampion && !joinTables ? [`${d.toDouble(q(c.championScore!))} AS champion_score`] : []),
    ...slices.map((s) => `${d.toText(q(s.column))} AS ${s.alias}`),
  ];
  const ctes = [
    `challenger AS (SELECT ${challenger.join(', ')} FROM ${tableReference(query.challenger)}${whereClause(query.challenger)})`,
  ];
  if (joinTables) {
    ctes.push(
      `champion AS (SELECT ${d.toText(q(c.id))} AS id, ${d.toDouble(q(c.championScore!))} AS champion_score FROM ${tableReference(query.champion!)}${whereClause(query.champion!)})`,
      'joined AS (SELECT challenger.*, champion.champion_score FROM challenger JOIN champion ON challenger.id = champion.id)',
    );
  } else {
    ctes.push('joined AS (SELECT * FROM challenger)');
  }
  // Window k holds asOf-(k+1)W < t <= asOf-kW, i.e. k = floor((asOf - t) / W), as assignWindows computes it.
  ctes.push(
    plan.asOf === undefined
      ? 'bounds AS (SELECT max(ts) AS as_of FROM joined)'
      : `bounds AS (SELECT CAST(${plan.asOf} AS bigint) AS as_of)`,
    `windowed AS (SELECT joined.*, CAST(floor((bounds.as_of - ts) / ${plan.windowMs}.0) AS bigint) AS k FROM joined CROSS JOIN bounds WHERE ts <= bounds.as_of AND ts > bounds.as_of - ${plan.maxWindows * plan.windowMs})`,
  );
  const models = hasChampion ? ['challenger', 'champion'] : ['challenger'];
  const parts: string[] = [];
  for (const model of models) {
    parts.push(
      `SELECT 'window' AS kind, '${model}' AS model, NULL AS slice_column, NULL AS slice_value, k, label, ${model}_score AS score, count(*) AS n FROM windowed GROUP BY k, label, ${model}_score`,
    );
    for (const s of slices) {
      parts.push(
        `SELECT 'slice', '${model}', ${sqlString(s.column)}, ${s.alias}, k, label, ${model}_score, count(*) FROM windowed WHERE ${s.alias} IS NOT NULL GROUP BY ${s.alias}, k, label, ${model}_score`,
      );
    }
  }
  // Row counts and what the local reader would reject, so the runner can fail with the same messages.
  const stats = new Map<string, string>([
    ['challenger_rows', 'count(*) FROM challenger'],
    ['duplicate_challenger_ids', 'count(*) - count(DISTINCT id) FROM challenger'],
    ['missing_timestamp', 'count(*) FROM challenger WHERE ts IS NULL'],
    ['missing_label', 'count(*) FROM joined WHERE label IS NULL'],
    ['missing_score', 'count(*) FROM joined WHERE challenger_score IS NULL'],
    ['joined_rows', 'count(*) FROM joined'],
    ['as_of', 'as_of FROM bounds'],
  ]);
  if (hasChampion) stats.set('missing_champion_score', 'count(*) FROM joined WHERE champion_score IS NULL');
  if (joinTables) {
    stats.set('champion_rows', 'count(*) FROM champion');
    stats.set('duplicate_champion_ids', 'count(*) - count(DISTINCT id) FROM champion');
  }
  const scoreColumns = hasChampion ? ['challenger_score', 'champion_score'] : ['challenger_score'];
  if (query.spec.labels === 'binary')
    stats.set('label_not_binary', 'count(*) FROM joined WHERE label NOT IN (0, 1)');
  if (query.spec.kind === 'probability') {
    const outside = scoreColumns.map((s) => `${s} < 0 OR ${s} > 1`).join(' OR ');
    stats.set('score_not_probability', `count(*) FROM joined WHERE ${outside}`);
  }
  for (const [name, count] of stats) {
    parts.push(`SELECT 'stats', '${name}', NULL, NULL, NULL, NULL, NULL, (SELECT ${count})`);
  }
  return `WITH ${ctes.join(',\n')}\n${parts.join('\nUNION ALL\n')}`;
}

/** A SQL string literal ('' doubles inside). */
const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;
