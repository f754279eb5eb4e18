import { describe, expect, it } from 'vitest';
import { formatElapsed, logProgress, progressReporter } from './progress.js';
import { MemoryLogger } from './testing.js';

describe('progress of long steps', () => {
  it('writes done/total, share, elapsed time and time left at most every 5 s, and a final line', () => {
    let t = 0;
    const lines: { t: number; line: string; final: boolean }[] = [];
    const report = progressReporter({
      label: 'Bootstrap',
      unit: 'resamples',
      now: () => new Date(t),
      write: (line, final) => lines.push({ t, line, final }),
    });
    for (let done = 1; done <= 100; done++) {
      t += 1_300;
      report(done, 100);
    }
    expect(lines.length).toBeGreaterThan(20);
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.t - lines[i - 1]!.t).toBeLessThanOrEqual(10_000);
    expect(lines[0]!.line).toBe('Bootstrap: 4/100 resamples (4%), 5 s elapsed, about 2 min 5 s left');
    expect(lines.at(-1)).toEqual({
      t: 130_000,
      line: 'Bootstrap: 100/100 resamples (100%), 2 min 10 s elapsed',
      final: true,
    });
    expect(lines.filter((l) => l.final)).toHaveLength(1);
  });

  it('writes one closing line when the end is reported more than once', () => {
    let t = 0;
    const lines: string[] = [];
    const report = progressReporter({
      label: 'B',
      unit: 'u',
      now: () => new Date(t),
      write: (l) => lines.push(l),
    });
    t += 6_000;
    report(1, 2);
    report(2, 2);
    report(2, 2);
    expect(lines).toEqual(['B: 1/2 u (50%), 6 s elapsed, about 6 s left', 'B: 2/2 u (100%), 6 s elapsed']);
  });

  it('stays silent for a step that ends within the interval', () => {
    let t = 0;
    const lines: string[] = [];
    const report = progressReporter({
      label: 'x',
      unit: 'u',
      now: () => new Date(t),
      write: (l) => lines.push(l),
    });
    for (let done = 1; done <= 10; done++) {
      t += 100;
      report(done, 10);
    }
    expect(lines).toEqual([]);
  });

  it('goes through the logger: its progress method when it has one, info otherwise', () => {
    let t = 0;
    const logger = new MemoryLogger();
    const tick = () => {
      t += 6_000;
      return new Date(t);
    };
    const report = logProgress({ logger, now: tick }, 'Scoring', 'windows');
    report(1, 2);
    expect(logger.of('info')).toEqual(['Scoring: 1/2 windows (50%), 6 s elapsed, about 6 s left']);
  });

  it('formats durations for people', () => {
    expect(formatElapsed(38_400)).toBe('38 s');
    expect(formatElapsed(250_000)).toBe('4 min 10 s');
    expect(formatElapsed(3_900_000)).toBe('1 h 5 min');
  });
});
