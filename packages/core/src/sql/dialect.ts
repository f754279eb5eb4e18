// The few places Athena (engine v3, Trino) and DuckDB spell SQL differently. Everything else the planners write is
// the ANSI subset both accept (CTEs, GROUP BY, UNION ALL, CAST, floor, count), so a new dialect only fills these in.
import { UserError } from '../errors.js';

/** How one engine writes the expressions the planners need that differ between engines. */
export interface SqlDialect {
  name: 'athena' | 'duckdb';
  /** Epoch milliseconds of a column holding a timestamp, an ISO 8601 string or an epoch number (the local rule). */
  epochMs(column: string): string;
  /** A column as DOUBLE, NULL when it does not parse (instead of failing the whole query). */
  toDouble(column: string): string;
  /** A column as text (slice values, ids). */
  toText(column: string): string;
  /**
   * Quantiles of a DOUBLE column at the given fractions, as one array value. DuckDB: exact, numpy's linear rule;
   * Athena: approx_percentile (a t-digest, approximate; see docs/athena.md).
   */
  quantiles(column: string, fractions: number[]): string;
}

/** Quote an identifier (column, database, table) so any name is safe: `"` doubles inside double quotes. */
export function quoteIdentifier(name: string): string {
  if (name === '' || name.includes('\0'))
    throw new UserError(`Column or table name ${JSON.stringify(name)} cannot be used in SQL.`);
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A timestamp column as epoch milliseconds, by the local reader's rule (core's parseTimestamp): a number is epoch
 * seconds when its magnitude is below 1e11, else milliseconds; eight digits are a basic ISO date (`20261113`);
 * anything else is an ISO 8601 string or a `timestamp` value (`iso`). NULL when nothing applies.
 */
function epochMsByLocalRule(
  c: string,
  f: {
    eightDigits: (text: string) => string;
    tryDouble: (text: string) => string;
    basicDate: (text: string) => string;
    iso: string;
  },
): string {
  const text = `trim(CAST(${c} AS varchar))`;
  const n = f.tryDouble(text);
  return `(CASE WHEN ${f.eightDigits(text)} THEN ${f.basicDate(text)} WHEN ${n} IS NOT NULL THEN (CASE WHEN abs(${n}) < 1e11 THEN ${n} * 1000 ELSE ${n} END) ELSE ${f.iso} END)`;
}

/** Athena engine v3 (Trino): ISO 8601 strings through from_iso8601_timestamp, timestamp columns cast directly. */
export const athenaDialect: SqlDialect = {
  name: 'athena',
  // try(...) is NULL for a `timestamp` column's text form ('2026-01-01 00:00:00.000'), so the cast takes over.
  epochMs: (c) =>
    epochMsByLocalRule(c, {
      eightDigits: (t) => `regexp_like(${t}, '^[0-9]{8}$')`,
      tryDouble: (t) => `try_cast(${t} AS double)`,
      basicDate: (t) => `CAST(to_unixtime(try(date_parse(${t}, '%Y%m%d'))) * 1000 AS bigint)`,
      iso: `CAST(round(to_unixtime(coalesce(try(from_iso8601_timestamp(CAST(${c} AS varchar))), try(CAST(${c} AS timestamp with time zone)))) * 1000) AS bigint)`,
    }),
  toDouble: (c) => `try_cast(${c} AS double)`,
  toText: (c) => `CAST(${c} AS varchar)`,
  quantiles: (c, q) => `approx_percentile(${c}, ARRAY[${q.join(', ')}])`,
};

/** DuckDB (the tests run the generated SQL here, over the same files as the local engine). */
export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  epochMs: (c) =>
    epochMsByLocalRule(c, {
      eightDigits: (t) => `regexp_matches(${t}, '^[0-9]{8}$')`,
      tryDouble: (t) => `TRY_CAST(${t} AS DOUBLE)`,
      basicDate: (t) => `epoch_ms(try_strptime(${t}, '%Y%m%d'))`,
      iso: `epoch_ms(TRY_CAST(${c} AS TIMESTAMPTZ))`,
    }),
  toDouble: (c) => `TRY_CAST(${c} AS DOUBLE)`,
  toText: (c) => `CAST(${c} AS VARCHAR)`,
  quantiles: (c, q) => `quantile_cont(${c}, [${q.join(', ')}])`,
};
