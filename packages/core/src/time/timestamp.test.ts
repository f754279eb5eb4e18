import { describe, expect, it } from 'vitest';
import { parseIsoTimestamp, parseTimestamp } from './timestamp.js';

const utc = (text: string) => new Date(text).getTime();

describe('parseIsoTimestamp', () => {
  it('reads ISO 8601 dates and date-times; no zone means UTC', () => {
    expect(parseIsoTimestamp('2026-11-23')).toBe(utc('2026-11-23T00:00:00Z'));
    expect(parseIsoTimestamp('2026-11-23T06:30')).toBe(utc('2026-11-23T06:30:00Z'));
    expect(parseIsoTimestamp('2026-11-23 06:30:15.5')).toBe(utc('2026-11-23T06:30:15.500Z'));
    expect(parseIsoTimestamp('2026-11-23T06:30:15.123456Z')).toBe(utc('2026-11-23T06:30:15.123Z'));
    expect(parseIsoTimestamp('2026-11-23T06:30:00+02:00')).toBe(utc('2026-11-23T04:30:00Z'));
    expect(parseIsoTimestamp('2026-11-23T06:30:00-0130')).toBe(utc('2026-11-23T08:00:00Z'));
    expect(parseIsoTimestamp('2026-11-23T06:30:00+02')).toBe(utc('2026-11-23T04:30:00Z'));
    expect(parseIsoTimestamp(' 2026-02-28T23:59:59Z ')).toBe(utc('2026-02-28T23:59:59Z'));
    expect(parseIsoTimestamp('2028-02-29')).toBe(utc('2028-02-29T00:00:00Z'));
  });

  it('refuses calendar dates that do not exist instead of rolling them over', () => {
    for (const text of [
      '2026-02-30',
      '2026-02-29',
      '2026-04-31T12:00:00Z',
      '2026-02-30T00:00:00.000Z',
      '2026-13-01',
    ])
      expect(parseIsoTimestamp(text), text).toBeNaN();
  });

  it('refuses other forms, including epoch numbers and what only Date.parse accepts', () => {
    for (const text of ['', '1700000000', 'Nov 23 2026', '2026-11', '2026-11-23T25:00', 'yesterday'])
      expect(parseIsoTimestamp(text), text).toBeNaN();
  });
});

describe('parseTimestamp', () => {
  it('also reads epoch seconds (below 1e11) and milliseconds', () => {
    expect(parseTimestamp('1700000000')).toBe(1_700_000_000_000);
    expect(parseTimestamp('1700000000.5')).toBe(1_700_000_000_500);
    expect(parseTimestamp('1700000000000')).toBe(1_700_000_000_000);
    expect(parseTimestamp('2026-11-23T06:30:00Z')).toBe(utc('2026-11-23T06:30:00Z'));
    expect(parseTimestamp('2026-02-30')).toBeNaN();
    expect(parseTimestamp('')).toBeNaN();
  });

  it('reads eight digits as a basic-form ISO date (20261113), not as epoch seconds of 1970', () => {
    expect(parseTimestamp('20261113')).toBe(utc('2026-11-13T00:00:00Z'));
    expect(parseTimestamp('20260230')).toBeNaN();
    expect(parseTimestamp('12345678')).toBeNaN();
    // Nine and seven digits stay epoch seconds.
    expect(parseTimestamp('100000000')).toBe(100_000_000_000);
    expect(parseTimestamp('1234567')).toBe(1_234_567_000);
  });

  it('refuses epochs beyond the range of a Date instead of returning a time no Date can show', () => {
    expect(parseTimestamp('99999999999999999999')).toBeNaN();
    expect(parseTimestamp('-8640000000000001')).toBeNaN();
    expect(parseTimestamp('8640000000000000')).toBe(8.64e15);
  });
});
