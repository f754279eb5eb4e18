import { parseTimestamp, seededRandom } from '@mlops-actions/core';
import { describe, expect, it } from 'vitest';
import { fastDecimal, fastTimestamp } from './byte-cells.js';

const bytes = (text: string) => Buffer.from(`[${text}]`); // offset by one: ranges, not whole buffers
const decimal = (text: string) => fastDecimal(bytes(text), 1, Buffer.byteLength(text) + 1);
const timestamp = (text: string) => fastTimestamp(bytes(text), 1, Buffer.byteLength(text) + 1);

describe('numbers from bytes', () => {
  it('gives the double Number() gives wherever it answers, and leaves every other shape to the text parser', () => {
    for (const t of [
      '0',
      '-0',
      '+5',
      '12.5',
      '-1e-3',
      '.5',
      '7.',
      '1E+5',
      '0.1',
      '9007199254740991',
      '123456789012.345',
    ])
      expect(Object.is(decimal(t), Number(t)), t).toBe(true);
    for (const t of [
      '',
      ' 1',
      '1 ',
      '0x10',
      '1e',
      '.',
      '-',
      'NaN',
      'Infinity',
      '1_0',
      '0.30000000000000004',
      '9007199254740993',
      '1e23',
      '1e-23',
    ])
      expect(decimal(t), t).toBeNaN();
  });

  it('is correctly rounded: equal to Number() on 300,000 random decimals of every length and scale', () => {
    const r = seededRandom(5);
    let answered = 0;
    for (let k = 0; k < 300_000; k++) {
      const digits = 1 + Math.floor(r() * 18);
      let m = '';
      for (let d = 0; d < digits; d++) m += Math.floor(r() * 10);
      const point = Math.floor(r() * (digits + 1));
      let text = `${r() < 0.3 ? '-' : ''}${m.slice(0, point)}.${m.slice(point)}`;
      if (r() < 0.3) text += `e${Math.floor(r() * 50) - 25}`;
      const fast = decimal(text);
      if (Number.isNaN(fast)) continue;
      answered++;
      if (!Object.is(fast, Number(text))) expect(fast, text).toBe(Number(text));
    }
    expect(answered).toBeGreaterThan(150_000);
  });
});

describe('timestamps from bytes', () => {
  it("gives core's parseTimestamp value wherever it answers, and leaves the rest to it", () => {
    const answered = [
      '2026-03-02T10:15:00Z',
      '2026-03-02T10:15:00.123Z',
      '2026-03-02 10:15:00',
      '2026-03-02t10:15:00.5z',
      '2026-03-02T10:15:00.123456789',
      '2024-02-29',
      '2026-12-31T23:59:59Z',
      '1700000000',
      '1700000000000',
      '-86400',
    ];
    for (const t of answered) expect(timestamp(t), t).toBe(parseTimestamp(t));
    const left = [
      '2026-02-29',
      '2026-04-31T00:00:00Z',
      '2026-03-02T24:00:00Z',
      '2026-03-02T10:15Z',
      '2026-03-02T10:15:00+02:00',
      '0099-01-01',
      ' 2026-03-02',
      'yesterday',
      '1.5',
      '99999999999999999999',
    ];
    for (const t of left) expect(timestamp(t), t).toBeNaN();
  });

  it('agrees with parseTimestamp on random date-times, including days that do not exist', () => {
    const r = seededRandom(9);
    const p2 = (n: number) => String(n).padStart(2, '0');
    for (let k = 0; k < 30_000; k++) {
      const t = `${1900 + Math.floor(r() * 300)}-${p2(1 + Math.floor(r() * 12))}-${p2(1 + Math.floor(r() * 31))}T${p2(Math.floor(r() * 24))}:${p2(Math.floor(r() * 60))}:${p2(Math.floor(r() * 60))}${r() < 0.5 ? `.${Math.floor(r() * 1000)}` : ''}${r() < 0.5 ? 'Z' : ''}`;
      // Every one of these is in a shape the fast path answers: days that do not exist are NaN in both.
      const [fast, text] = [timestamp(t), parseTimestamp(t)];
      if (!Object.is(fast, text)) expect(fast, t).toBe(text);
    }
  });
});
