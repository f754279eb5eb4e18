import { UserError } from '@mlops-actions/core';
import type { SourceObject } from './sources.js';
import type { ColumnRequest, ReadOptions } from './types.js';

/** The columns a read asks for, each with its parse request, or `'*'` for every column (parsed as 'auto'). */
export type ColumnRequests = ReadonlyMap<string, ColumnRequest> | '*';

/** A requested column found in a source: its name, how to parse it, and its position among the source's columns. */
export interface ColumnPick {
  name: string;
  request: ColumnRequest;
  index: number;
}

/** ReadOptions.columns with every shorthand type (`'number'`) written out as a request. */
export function normalizeRequests(columns: ReadOptions['columns']): ColumnRequests {
  if (columns === '*') return '*';
  const out = new Map<string, ColumnRequest>();
  for (const [name, request] of columns)
    out.set(name, typeof request === 'string' ? { type: request } : request);
  return out;
}

/** A column name as messages show it: at most 60 characters (a 50 MB header must not become a 50 MB error line). */
export function shortName(name: string): string {
  return name.length > 60 ? `${name.slice(0, 57)}...` : name;
}

/** The error for a requested column a source does not have, listing the columns it does have. */
export function missingColumn(
  name: string,
  object: SourceObject,
  available: string[],
  inputName?: string,
  single?: string,
): UserError {
  const input = inputName ? ` (input "${inputName}")` : '';
  let hint = `It has: ${available
    .slice(0, 30)
    .map((c) => JSON.stringify(shortName(c)))
    .join(', ')}${available.length > 30 ? ', ...' : ''}. Set the matching *-column input.`;
  if (single && /[;\t|]/.test(single)) {
    const d = single.includes(';') ? ';' : single.includes('\t') ? 'tab' : '|';
    hint = `The header has a single column ${JSON.stringify(single.slice(0, 60))}: the file looks ${d}-delimited, but CSV must be comma-separated (use .tsv for tabs).`;
  }
  return new UserError(`Column "${shortName(name)}" not found in ${object.name}${input}.`, { hint });
}

/**
 * The requested columns among a source's `available` columns (every one for `'*'`), in request order. A missing
 * column that is not optional is an error naming the source; `single` (a header of one column) lets that error
 * recognise a file written with another delimiter.
 */
export function pickColumns(
  requested: ColumnRequests,
  available: string[],
  object: SourceObject,
  inputName?: string,
  single?: string,
): ColumnPick[] {
  const wanted: ReadonlyMap<string, ColumnRequest> =
    requested === '*' ? new Map(available.map((h) => [h, { type: 'auto' as const }])) : requested;
  const picks: ColumnPick[] = [];
  for (const [name, request] of wanted) {
    const index = available.indexOf(name);
    if (index < 0) {
      if (request.optional) continue;
      throw missingColumn(name, object, available, inputName, single);
    }
    picks.push({ name, index, request });
  }
  return picks;
}
