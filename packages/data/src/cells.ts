import { parseTimestamp, UserError } from '@mlops-actions/core';
import { shortName } from './select.js';

/** Where a cell came from, for error messages. */
export interface CellPlace {
  source: string;
  /** 1-based line (CSV) or record number (JSON Lines). */
  record: number;
  column: string;
}

const where = (p: CellPlace) => `${p.source}, line ${p.record}, column "${shortName(p.column)}"`;
const show = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);

/** Whether a cell that converted to a finite number is a plain decimal (not 0x…, 0b…, 0o…, which `+` accepts). */
function isDecimal(cell: string): boolean {
  const i = cell.charCodeAt(0) === 43 || cell.charCodeAt(0) === 45 ? 1 : 0; // + -
  if (cell.charCodeAt(i) !== 48) return true; // not a leading 0
  const c = cell.charCodeAt(i + 1) | 0x20; // lower-case letter
  return c !== 0x78 && c !== 0x62 && c !== 0x6f; // x b o
}

/** The cell trimmed, trimming only when an end could be whitespace (ASCII control/space or non-ASCII): most cells have none. */
function trimmed(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first <= 32 || last <= 32 || first > 126 || last > 126 ? text.trim() : text;
}

/** The value of a cell that is a plain finite decimal number (the strict rule below), else NaN. Never throws. */
export function decimalValue(text: string): number {
  const cell = trimmed(text);
  if (cell === '') return Number.NaN;
  const n = +cell;
  return Number.isFinite(n) && isDecimal(cell) ? n : Number.NaN;
}

/**
 * A strict number: the whole (trimmed) cell must be a decimal number. Returns NaN for an empty cell (missing).
 * NaN / Infinity spellings fail unless allowed; hex, underscores and other text always fail.
 */
export function parseNumberCell(text: string, place: CellPlace, allowNonFinite = false): number {
  const cell = trimmed(text);
  if (cell === '') return Number.NaN;
  const n = +cell;
  if (Number.isFinite(n) && isDecimal(cell)) return n;
  const lower = cell.toLowerCase();
  const nonFinite = ['nan', 'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity'].includes(lower);
  if (nonFinite && allowNonFinite)
    return lower === 'nan' ? Number.NaN : lower.startsWith('-') ? -Infinity : Infinity;
  throw new UserError(
    nonFinite
      ? `${where(place)}: ${show(cell)} is not a finite number.`
      : `${where(place)}: ${show(cell)} is not a number.`,
    { hint: 'Fix or remove the row; numeric columns take plain decimal numbers (empty means missing).' },
  );
}

/**
 * A timestamp as epoch milliseconds: ISO 8601 date or date-time (`T` or space; no zone means UTC; `Z` or ±hh[:mm]),
 * or an epoch number: seconds when its magnitude is below 1e11 (before the year 5138), else milliseconds (core's
 * parseTimestamp). Returns NaN for an empty cell; anything else is an error naming the cell.
 */
export function parseTimestampCell(text: string, place: CellPlace): number {
  const t = parseTimestamp(text);
  if (!Number.isNaN(t)) return t;
  const cell = text.trim();
  if (cell === '') return Number.NaN;
  throw new UserError(`${where(place)}: ${show(cell)} is not a timestamp.`, {
    hint: 'Use ISO 8601 (2026-03-02T10:15:00Z; no zone means UTC) or epoch seconds/milliseconds.',
  });
}

/**
 * The text of a parsed cell (a JSON value) for a string column: null, absent and empty are null (missing); numbers
 * and booleans as JavaScript prints them.
 */
export function cellText(cell: unknown): string | null {
  if (cell === null || cell === undefined || cell === '') return null;
  return typeof cell === 'string' ? cell : String(cell);
}

/** The UTF-8 bytes of a parsed cell's text (cellText), empty for a missing one. */
export function cellBytes(cell: unknown): Buffer {
  const t = cellText(cell);
  return t === null ? Buffer.alloc(0) : Buffer.from(t, 'utf8');
}

/** Whether a parsed cell is missing from a number or timestamp column (null, absent, or blank text). */
export function isMissingCell(cell: unknown): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/**
 * The number of a parsed cell (a JSON value) for a number or timestamp column: null/absent is NaN (missing), true and
 * false are 1 and 0, numbers are kept (non-finite ones only when allowed), text goes through the strict parsers.
 */
export function cellNumber(
  cell: unknown,
  timestamp: boolean,
  allowNonFinite: boolean,
  place: CellPlace,
): number {
  if (cell === null || cell === undefined) return Number.NaN;
  if (typeof cell === 'number' && !timestamp) {
    return Number.isFinite(cell) || allowNonFinite ? cell : parseNumberCell(String(cell), place);
  }
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  if (timestamp) return parseTimestampCell(String(cell), place);
  return parseNumberCell(String(cell), place, allowNonFinite);
}
