// The SQL behind drift features on athena:// sources: per feature, what the drift tests need and nothing more.
// Numeric: count, missing, mean, population σ and the 1,001 quantiles of a reference summary (the same shape as
// `write-reference`, so the `method: summary` tests and their documented bound apply). Categorical: counts per level.
import { SUMMARY_QUANTILES } from '../drift/features.js';
import { quoteIdentifier as q, type SqlDialect } from './dialect.js';
import { type AthenaTable, tableReference, whereClause } from './source.js';

/** Which features of which rows. */
export interface FeatureSummaryQuery {
  dialect: SqlDialect;
  table: AthenaTable;
  numeric: string[];
  categorical: string[];
  /** Only rows with start < timestamp <= end (epoch ms), e.g. the current window. */
  window?: { timestampColumn: string; start: number; end: number };
}

const fractions = Array.from({ length: SUMMARY_QUANTILES }, (_, i) => i / (SUMMARY_QUANTILES - 1));

/**
 * One query, columns feature, kind, value, n, missing, mean, std, quantiles: a `numeric` row and a `not-numeric`
 * row (values that are text, one in value) per numeric feature, a `level` row per category level (count in n) and a
 * `missing` row per categorical feature.
 */
export function planFeatureSummaryQuery(query: FeatureSummaryQuery): string {
  const { dialect: d } = query;
  const columns = [...query.numeric, ...query.categorical];
  const select = columns.map((c, i) => `${q(c)} AS f_${i}`).join(', ');
  let where = whereClause(query.table);
  if (query.window) {
    const ts = d.epochMs(q(query.window.timestampColumn));
    const inWindow = `${ts} > ${query.window.start} AND ${ts} <= ${query.window.end}`;
    where = where ? `${where} AND ${inWindow}` : ` WHERE ${inWindow}`;
  }
  const parts: string[] = [];
  query.numeric.forEach((name, i) => {
    const x = 'x';
    parts.push(
      `SELECT ${literal(name)} AS feature, 'numeric' AS kind, NULL AS value, count(${x}) AS n, count(*) - count(${x}) AS missing, avg(${x}) AS mean, stddev_pop(${x}) AS std, ${d.quantiles(x, fractions)} AS quantiles FROM (SELECT ${d.toDouble(`f_${i}`)} AS ${x} FROM src) AS t`,
      // Text that is not a number makes the files path read the feature as categorical: counted, with an example.
      `SELECT ${literal(name)}, 'not-numeric', min(t), count(*), NULL, NULL, NULL, NULL FROM (SELECT trim(${d.toText(`f_${i}`)}) AS t FROM src WHERE ${d.toDouble(`f_${i}`)} IS NULL) AS t WHERE t <> ''`,
    );
  });
  query.categorical.forEach((name, j) => {
    const alias = `f_${query.numeric.length + j}`;
    parts.push(
      `SELECT ${literal(name)}, 'level', level, count(*), NULL, NULL, NULL, NULL FROM (SELECT ${d.toText(alias)} AS level FROM src) AS t WHERE level IS NOT NULL GROUP BY level`,
      `SELECT ${literal(name)}, 'missing', NULL, count(*) - count(${alias}), NULL, NULL, NULL, NULL FROM src`,
    );
  });
  return `WITH src AS (SELECT ${select} FROM ${tableReference(query.table)}${where})\n${parts.join('\nUNION ALL\n')}`;
}

const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;
