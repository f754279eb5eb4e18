import { describe, expect, it } from 'vitest';
import { parseNumberCell, parseTimestampCell } from './cells.js';

const place = { source: 'x.csv', record: 2, column: 'score' };

describe('parseNumberCell', () => {
  it.each([
    ['1', 1],
    ['-0.5', -0.5],
    ['+3e2', 300],
    [' 7 ', 7],
    ['\u00a08', 8],
    ['0', 0],
    ['-0', -0],
    ['00.5', 0.5],
    ['0.', 0],
    ['.5', 0.5],
  ])('reads %j as %d', (cell, value) => {
    expect(Object.is(parseNumberCell(cell, place), value)).toBe(true);
  });

  it('reads an empty or blank cell as missing', () => {
    expect(parseNumberCell('', place)).toBeNaN();
    expect(parseNumberCell('  ', place)).toBeNaN();
  });

  it.each(['0x10', '-0x10', '0b1', '0O7', ' 0x10', '\u00a00x10', '1_000', 'abc', '1,5'])(
    'refuses %j',
    (cell) => {
      expect(() => parseNumberCell(cell, place)).toThrow(
        /x\.csv, line 2, column "score": .* is not a number/,
      );
    },
  );

  it('refuses NaN and Infinity unless allowed', () => {
    expect(() => parseNumberCell('Infinity', place)).toThrow(/not a finite number/);
    expect(parseNumberCell('-inf', place, true)).toBe(-Infinity);
    expect(parseNumberCell('NaN', place, true)).toBeNaN();
  });
});

describe('parseTimestampCell', () => {
  it('agrees with Date.parse on the fast UTC path and the general path', () => {
    const start = Date.UTC(1999, 11, 31, 23, 59, 58);
    for (let i = 0; i < 2000; i++) {
      const t = start + i * 7_919_371_123;
      const iso = new Date(t).toISOString();
      expect(parseTimestampCell(iso, place)).toBe(t);
      expect(parseTimestampCell(`${iso.slice(0, 19)}Z`, place)).toBe(Math.floor(t / 1000) * 1000);
      expect(parseTimestampCell(`${iso.slice(0, 19)}+00:00`, place)).toBe(Math.floor(t / 1000) * 1000);
    }
  });

  it('refuses near-ISO text the fast path must not accept', () => {
    for (const cell of [
      '2026-13-01T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '2026-01-01X00:00:00Z',
      '2026-01-01T0a:00:00Z',
    ])
      expect(() => parseTimestampCell(cell, place), cell).toThrow(/is not a timestamp/);
  });
});
