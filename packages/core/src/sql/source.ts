import { UserError } from '../errors.js';
import { quoteIdentifier } from './dialect.js';

/** An `athena://database/table` source, with the optional row filter the user supplies (partitions). */
export interface AthenaTable {
  database: string;
  table: string;
  /** SQL boolean expression the user wrote (e.g. `dt >= '2026-01-01'`), applied before anything else. */
  where?: string;
}

/** Whether a source input names an Athena table rather than files. */
export const isAthenaSource = (source: string | undefined): boolean =>
  Boolean(source?.startsWith('athena://'));

/** Parse `athena://database/table` from the input that holds it. */
export function parseAthenaSource(source: string, inputName: string, where?: string): AthenaTable {
  const m = source.match(/^athena:\/\/([^/]+)\/([^/]+)$/);
  if (!m) {
    throw new UserError(`${inputName}: ${JSON.stringify(source)} is not an Athena table.`, {
      hint: 'Write athena://DATABASE/TABLE (the Glue database and table names), e.g. athena://ml/predictions.',
    });
  }
  if (where?.includes(';')) {
    throw new UserError(`athena-where: ${JSON.stringify(where)} contains ";".`, {
      hint: "Give one boolean expression over the table’s columns, e.g. dt >= '2026-01-01'.",
    });
  }
  return {
    database: decodeURIComponent(m[1]!),
    table: decodeURIComponent(m[2]!),
    ...(where ? { where } : {}),
  };
}

/** `"database"."table"` as a FROM target. */
export const tableReference = (t: AthenaTable): string =>
  `${quoteIdentifier(t.database)}.${quoteIdentifier(t.table)}`;

/** ` WHERE (filter)` or nothing. */
export const whereClause = (t: AthenaTable): string => (t.where ? ` WHERE (${t.where})` : '');
