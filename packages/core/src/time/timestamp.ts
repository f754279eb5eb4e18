/**
 * The one strict timestamp parser, for data cells and for inputs such as `as-of`: ISO 8601 as people write it, with
 * calendar dates that exist (Date.parse alone rolls 2026-02-30 over to March 2).
 */

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const EPOCH = /^[+-]?\d+(\.\d+)?$/;

/**
 * An ISO 8601 date or date-time as epoch milliseconds (`T` or space between date and time; no zone means UTC; `Z` or
 * ±hh[:mm]; fractions of a second to the millisecond); NaN when the text is in another form or the date does not
 * exist in the calendar. Surrounding whitespace is ignored.
 */
export function parseIsoTimestamp(text: string): number {
  const fast = fastIsoUtc(text);
  if (!Number.isNaN(fast)) return fast;
  const m = text.trim().match(ISO);
  if (!m) return Number.NaN;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  let z = zone ? zone.toUpperCase() : 'Z';
  if (z !== 'Z' && z.length === 3) z = `${z}:00`;
  else if (z !== 'Z' && !z.includes(':')) z = `${z.slice(0, 3)}:${z.slice(3)}`;
  const ms = frac ? frac.slice(0, 4).padEnd(4, '0') : '.000';
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${ms}${z}`);
  const real = new Date(Date.UTC(+y!, +mo! - 1, +d!)).getUTCDate() === +d!;
  return Number.isFinite(t) && real ? t : Number.NaN;
}

// The range of a JavaScript Date (±100,000,000 days from 1970): beyond it no date can be shown or compared.
const MAX_EPOCH_MS = 8.64e15;
// Eight digits are a date in ISO 8601's basic form (20261113), not epoch seconds of 1970–1973.
const BASIC_DATE = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * A timestamp cell as epoch milliseconds: ISO 8601 (see parseIsoTimestamp), a basic-form date `YYYYMMDD` (eight
 * digits: a real calendar date, else NaN), or an epoch number: seconds when its magnitude is below 1e11 (before the
 * year 5138), else milliseconds. NaN for empty text, for epochs outside the range of a Date, and anything else.
 */
export function parseTimestamp(text: string): number {
  const fast = fastIsoUtc(text);
  if (!Number.isNaN(fast)) return fast;
  const cell = text.trim();
  const basic = BASIC_DATE.exec(cell);
  if (basic) return parseIsoTimestamp(`${basic[1]}-${basic[2]}-${basic[3]}`);
  if (EPOCH.test(cell)) {
    const n = Number(cell);
    const ms = Math.abs(n) < 1e11 ? n * 1000 : n;
    return Math.abs(ms) <= MAX_EPOCH_MS ? ms : Number.NaN;
  }
  return parseIsoTimestamp(cell);
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
