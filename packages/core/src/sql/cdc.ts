// The live rows of raw DMS output (full-load + CDC files) as one SQL query, for engines that read the files where
// they lie (Athena engine v3 / Trino, DuckDB). The same rule as the local resolver (packages/data/src/cdc.ts): per
// key, the latest change by the CDC timestamp, then file order (full-load files first, then by path), then row order
// where the engine can see it; deletes drop the key; changes after as-of are ignored.
import { UserError } from '../errors.js';
import { quoteIdentifier as quote, type SqlDialect } from './dialect.js';

/** The engines the query is written for (the dialects of dialect.ts); they differ only in the regular-expression function. */
type CdcEngine = SqlDialect['name'];

/** What the live-row query reads and returns. */
export interface CdcQuery {
  engine: CdcEngine;
  /** The relation holding every full-load and change row, as SQL: a table name, or a table function over the files. */
  from: string;
  /** Columns returned (the table's columns, without Op). */
  columns: string[];
  /** The table's key columns. */
  key: string[];
  /** The commit-time column DMS adds (TimestampColumnName). */
  timestampColumn?: string;
  /** Ignore changes after this time (epoch milliseconds). */
  asOf?: number;
  /** The column naming each row's file: Athena's `$path` by default; DuckDB's `filename` (read_*(filename=true)). */
  pathColumn?: string;
  /**
   * The row's position in its file, when the engine has one (DuckDB's Parquet `file_row_number`). Athena has none:
   * two changes to one key in one file with equal timestamps are then in no defined order (the local reader uses
   * the row order).
   */
  rowNumberColumn?: string;
}

/** DMS's full-load file name; the same pattern as the local resolver's. */
const FULL_LOAD = '(^|/)LOAD[0-9A-F_]+\\.[^/]*$';

/** A timestamp literal both engines read: `TIMESTAMP 'yyyy-mm-dd hh:mm:ss.sss'` (UTC). */
function timestampLiteral(ms: number): string {
  if (!Number.isFinite(ms)) throw new UserError(`cdc-as-of must be a time, got ${ms}.`);
  return `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/** SQL returning the live rows of DMS output: the latest change of each key, deleted keys dropped. */
export function cdcLiveRowsSql(query: CdcQuery): string {
  if (query.key.length === 0) throw new UserError('cdc-key needs at least one column.');
  if (query.asOf !== undefined && !query.timestampColumn)
    throw new UserError('cdc-as-of needs cdc-timestamp-column (the commit-time column DMS writes).');
  const path = query.pathColumn ?? (query.engine === 'athena' ? '"$path"' : 'filename');
  const matches =
    query.engine === 'athena'
      ? `regexp_like(${path}, '${FULL_LOAD}')`
      : `regexp_matches(${path}, '${FULL_LOAD}')`;
  const ts = query.timestampColumn ? `CAST(${quote(query.timestampColumn)} AS TIMESTAMP)` : undefined;
  const order = [
    ...(ts ? [`${ts} DESC NULLS LAST`] : []),
    `CASE WHEN ${matches} THEN 0 ELSE 1 END DESC`,
    `${path} DESC`,
    ...(query.rowNumberColumn ? [`${query.rowNumberColumn} DESC`] : []),
  ];
  // A full-load row without a time counts as before every change, as in the local resolver.
  const where =
    ts && query.asOf !== undefined
      ? `\n  WHERE ${ts} IS NULL OR ${ts} <= ${timestampLiteral(query.asOf)}`
      : '';
  const columns = query.columns.map(quote).join(', ');
  return [
    `SELECT ${columns}`,
    'FROM (',
    `  SELECT ${columns}, "Op", row_number() OVER (`,
    `    PARTITION BY ${query.key.map(quote).join(', ')}`,
    `    ORDER BY ${order.join(', ')}`,
    `  ) AS "cdc_rank"`,
    `  FROM ${query.from}${where}`,
    ') AS "cdc_latest"',
    `WHERE "cdc_rank" = 1 AND coalesce("Op", 'I') <> 'D'`,
  ].join('\n');
}
