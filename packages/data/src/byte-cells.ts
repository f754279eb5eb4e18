/**
 * Cells parsed straight from UTF-8 bytes, for the common shapes only: each function returns NaN when the bytes are
 * in any other shape, and the caller then decodes the text and uses the strict text parsers in cells.ts, which decide
 * (and word the errors) exactly as before. So the fast paths only have to be right where they answer.
 */

/** 10^0 … 10^22: every one exact in binary64. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const TWO_53 = 2 ** 53;

/**
 * A plain decimal (`-12.5`, `3e-4`, `.5`, `7.`) whose digits form an integer below 2^53 and whose power-of-ten scale
 * is at most 22: then m × 10^s or m / 10^s is one correctly rounded operation on exact operands (Clinger's fast
 * path), so the result is the same double `Number(text)` gives. NaN otherwise (whitespace, long mantissas, hex, …).
 */
export function fastDecimal(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let c = b[i];
  const negative = c === 45;
  if (negative || c === 43) i++;
  let m = 0;
  let digits = 0;
  let fraction = 0;
  while (i < e) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
    digits++;
    i++;
  }
  if (i < e && b[i] === 46) {
    i++;
    while (i < e) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) break;
      m = m * 10 + d;
      digits++;
      fraction++;
      i++;
    }
  }
  // Rounding is monotonic, so a value that reached 2^53 was (or became) inexact: leave it to Number().
  if (digits === 0 || m >= TWO_53) return Number.NaN;
  let scale = -fraction;
  if (i < e && (b[i]! | 0x20) === 101) {
    i++;
    c = b[i];
    const down = c === 45;
    if (down || c === 43) i++;
    let exponent = 0;
    const first = i;
    while (i < e) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9 || exponent > 1000) break;
      exponent = exponent * 10 + d;
      i++;
    }
    if (i === first) return Number.NaN;
    scale += down ? -exponent : exponent;
  }
  if (i !== e) return Number.NaN;
  let v: number;
  if (scale === 0) v = m;
  else if (scale > 0 && scale <= 22) v = m * POW10[scale]!;
  else if (scale < 0 && scale >= -22) v = m / POW10[-scale]!;
  else return Number.NaN;
  return negative ? -v : v;
}

const two = (b: Uint8Array, i: number) => {
  const h = b[i]! - 48;
  const l = b[i + 1]! - 48;
  return h >= 0 && h <= 9 && l >= 0 && l <= 9 ? h * 10 + l : -1;
};
const daysIn = (year: number, month: number) =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31;

/**
 * A timestamp in epoch milliseconds for the shapes files usually hold: `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM:SS[.f…][Z]`
 * (no zone is UTC; the fraction truncated to milliseconds, as core's parseTimestamp does) and integer epoch seconds
 * (magnitude below 1e11) or milliseconds. NaN for anything else, including dates that do not exist and years before
 * 100 (Date.UTC would read those as 19xx), which the text parser then decides.
 */
export function fastTimestamp(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n >= 10 && b[s + 4] === 45 && b[s + 7] === 45) {
    const y1 = two(b, s);
    const y2 = two(b, s + 2);
    const month = two(b, s + 5);
    const day = two(b, s + 8);
    if (y1 < 0 || y2 < 0 || month < 1 || month > 12 || day < 1) return Number.NaN;
    const year = y1 * 100 + y2;
    if (year < 100 || day > daysIn(year, month)) return Number.NaN;
    if (n === 10) return Date.UTC(year, month - 1, day);
    const t = b[s + 10]! | 0x20;
    if (n < 19 || (t !== 116 && b[s + 10] !== 32) || b[s + 13] !== 58 || b[s + 16] !== 58) return Number.NaN;
    const hour = two(b, s + 11);
    const minute = two(b, s + 14);
    const second = two(b, s + 17);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
    let i = s + 19;
    let ms = 0;
    if (i < e && b[i] === 46) {
      i++;
      const first = i;
      while (i < e && b[i]! >= 48 && b[i]! <= 57) {
        if (i - first < 3) ms = ms * 10 + (b[i]! - 48);
        i++;
      }
      if (i === first) return Number.NaN;
      for (let k = i - first; k < 3; k++) ms *= 10;
    }
    if (i < e && (b[i]! | 0x20) === 122) i++; // Z
    if (i !== e) return Number.NaN;
    return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  }
  // Integer epoch seconds or milliseconds (at most 15 digits: exact).
  let i = s;
  const negative = b[i] === 45;
  if (negative || b[i] === 43) i++;
  if (i === e || e - i > 15) return Number.NaN;
  let v = 0;
  for (; i < e; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  if (negative) v = -v;
  return Math.abs(v) < 1e11 ? v * 1000 : v;
}
