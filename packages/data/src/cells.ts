import { UserError } from '@mlops-actions/core';

/** Where a cell came from, for error messages. */
export interface CellPlace {
  source: string;
  /** 1-based line (CSV) or record number (JSON Lines). */
  record: number;
  column: string;
}

const where = (p: CellPlace) => `${p.source}, line ${p.record}, column "${p.column}"`;
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

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A timestamp as epoch milliseconds: ISO 8601 date or date-time (`T` or space; no zone means UTC; `Z` or ±hh[:mm]),
 * or an epoch number: seconds when its magnitude is below 1e11 (before the year 5138), else milliseconds.
 * Returns NaN for an empty cell.
 */
export function parseTimestampCell(text: string, place: CellPlace): number {
  const fast = fastIsoUtc(text);
  if (!Number.isNaN(fast)) return fast;
  const cell = text.trim();
  if (cell === '') return Number.NaN;
  if (/^[+-]?\d+(\.\d+)?$/.test(cell)) {
    const n = Number(cell);
    return Math.abs(n) < 1e11 ? n * 1000 : n;
  }
  const m = cell.match(ISO);
  if (m) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
    let z = zone ? zone.toUpperCase() : 'Z';
    if (z !== 'Z' && z.length === 3) z = `${z}:00`;
    else if (z !== 'Z' && !z.includes(':')) z = `${z.slice(0, 3)}:${z.slice(3)}`;
    const ms = frac ? frac.slice(0, 4).padEnd(4, '0') : '.000';
    const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${ms}${z}`);
    // Date.parse rolls 2026-02-30 over to March 2; a calendar date that does not exist is refused instead.
    const real = new Date(Date.UTC(+y!, +mo! - 1, +d!)).getUTCDate() === +d!;
    if (Number.isFinite(t) && real) return t;
  }
  throw new UserError(`${where(place)}: ${show(cell)} is not a timestamp.`, {
    hint: 'Use ISO 8601 (2026-03-02T10:15:00Z; no zone means UTC) or epoch seconds/milliseconds.',
  });
}

const digit = (text: string, i: number) => text.charCodeAt(i) - 48;
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const DIGITS_MS = [...DIGITS, 20, 21, 22];
const two = (text: string, i: number) => digit(text, i) * 10 + digit(text, i + 1);

/**
 * The common exact form `YYYY-MM-DDTHH:MM:SSZ` / `…SS.sssZ`, parsed without a regex; NaN when the text is in any
 * other form or a field is outside the range where the result is certainly the same as Date.parse (the general
 * path then decides).
 */
function fastIsoUtc(text: string): number {
  const n = text.length;
  if ((n !== 20 && n !== 24) || text.charCodeAt(n - 1) !== 90 /* Z */) return Number.NaN;
  // - - T : : (and . before milliseconds)
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84) return Number.NaN;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return Number.NaN;
  if (n === 24 && text.charCodeAt(19) !== 46) return Number.NaN;
  const digits = n === 24 ? DIGITS_MS : DIGITS;
  for (let k = 0; k < digits.length; k++) {
    const d = text.charCodeAt(digits[k]!) - 48;
    if (d < 0 || d > 9) return Number.NaN;
  }
  const year = two(text, 0) * 100 + two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  const hour = two(text, 11);
  const minute = two(text, 14);
  const second = two(text, 17);
  if (month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59)
    return Number.NaN;
  const ms = n === 24 ? digit(text, 20) * 100 + two(text, 21) : 0;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}
