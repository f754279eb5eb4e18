import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { checkInferredAsOf, LatestTimestamps } from './as-of.js';

const DAY = 86_400_000;
const t0 = Date.parse('2026-03-01T00:00:00Z');

function seen(rows: number[]): LatestTimestamps {
  const latest = new LatestTimestamps();
  for (const [i, t] of rows.entries()) latest.push(t, 'p.csv', i + 2);
  return latest;
}

describe('checkInferredAsOf', () => {
  it('accepts data whose latest row is within a window of the next-latest (ties included)', () => {
    expect(() => checkInferredAsOf(seen([t0, t0 + DAY, t0 + 8 * DAY]), 7 * DAY, '7d')).not.toThrow();
    expect(() => checkInferredAsOf(seen([t0, t0 + 30 * DAY, t0 + 30 * DAY]), 7 * DAY, '7d')).not.toThrow();
    expect(() => checkInferredAsOf(seen([t0]), 7 * DAY, '7d')).not.toThrow();
  });

  it('refuses a latest row more than a window after the next-latest, naming its place', () => {
    const far = Date.parse('9999-01-01T00:00:00Z');
    const call = () => checkInferredAsOf(seen([t0, far, t0 + DAY]), 7 * DAY, '7d');
    expect(call).toThrow(UserError);
    expect(call).toThrow(
      'p.csv, record 3: timestamp 9999-01-01T00:00:00.000Z is more than a window (7d) after the next-latest one (2026-03-02T00:00:00.000Z); as-of would be taken from this single row.',
    );
  });
});
