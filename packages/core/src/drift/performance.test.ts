import { describe, expect, it } from 'vitest';
import { assignWindows } from '../evaluation/windows.js';
import { metricValue, parseMetric } from '../metrics/registry.js';
import { joinOutcomes, performanceWindows } from './performance.js';

const DAY = 86_400_000;

describe('joinOutcomes', () => {
  it('labels each prediction by its event id, NaN when no outcome arrived, and counts repeated ids', () => {
    const joined = joinOutcomes(
      ['a', 'b', 'c', 'a'],
      new Map([
        ['a', 1],
        ['c', 0],
        ['z', 1],
      ]),
      'id',
    );
    expect(Array.from(joined.labels)).toEqual([1, Number.NaN, 0, 1]);
    expect(joined.stats).toEqual({ predictions: 4, outcomes: 3, matched: 3 });
    expect(joined.duplicateIds).toBe(1);
  });

  it('fails with examples of both sides when no outcome matches', () => {
    expect(() => joinOutcomes(['a', 'b'], new Map([['x', 1]]), 'event')).toThrow(
      'No outcome matches a prediction on "event": e.g. prediction ids "a", "b" vs outcome ids "x".',
    );
  });

  it('accepts no outcomes at all (none has arrived yet)', () => {
    expect(joinOutcomes(['a'], new Map(), 'id').stats.matched).toBe(0);
  });
});

describe('performanceWindows', () => {
  const metric = parseMetric('roc-auc');
  const plan = { asOf: Date.UTC(2026, 10, 22), windowMs: 7 * DAY, maxWindows: 3 };
  const at = (daysBack: number) => plan.asOf - daysBack * DAY;
  // Window 0: four labelled rows; window 1: one of three labelled; window 2: none.
  const timestamps = Float64Array.from([at(1), at(2), at(3), at(4), at(8), at(9), at(10)]);
  const labels = Float64Array.from([1, 0, 1, 0, 1, Number.NaN, Number.NaN]);
  const scores = Float64Array.from([0.9, 0.2, 0.6, 0.7, 0.5, 0.5, 0.5]);

  it('scores each window on its labelled rows and says why a window was skipped', () => {
    const windows = performanceWindows(
      { metric, plan, minLabelCoverage: 0.5 },
      { labels, scores },
      assignWindows(timestamps, plan),
    );
    expect(windows.map((w) => [w.k, w.rows, w.labeled, w.skipped ?? null])).toEqual([
      [0, 4, 4, null],
      [1, 3, 1, 'label coverage 33.3333% below 50%'],
      [2, 0, 0, 'no predictions'],
    ]);
    const window0 = { labels: labels.slice(0, 4), scores: scores.slice(0, 4) };
    expect(windows[0]!.value).toBe(metricValue(metric, window0));
    expect(windows[0]).toMatchObject({ start: '2026-11-15T00:00:00.000Z', end: '2026-11-22T00:00:00.000Z' });
  });

  it('skips a window with fewer predictions, or labelled predictions, than min-window-rows', () => {
    const windows = performanceWindows(
      { metric, plan, minLabelCoverage: 0.2, minRows: 4 },
      { labels, scores },
      assignWindows(timestamps, plan),
    );
    expect(windows.map((w) => [w.k, w.value === null, w.skipped ?? null])).toEqual([
      [0, false, null],
      [1, true, 'insufficient data: 3 predictions, fewer than 4'],
      [2, true, 'no predictions'],
    ]);
    const fewLabels = performanceWindows(
      { metric, plan, minLabelCoverage: 0.2, minRows: 2 },
      { labels, scores },
      assignWindows(timestamps, plan),
    );
    expect(fewLabels[1]!.skipped).toBe('insufficient data: 1 labelled predictions, fewer than 2');
  });

  it('skips a window where the metric is undefined (a single class)', () => {
    const windows = performanceWindows(
      { metric, plan: { ...plan, maxWindows: 1 }, minLabelCoverage: 0 },
      { labels: Float64Array.from([1, 1]), scores: Float64Array.from([0.2, 0.4]) },
      Int32Array.from([0, 0]),
    );
    expect(windows[0]).toMatchObject({ value: null, skipped: 'roc-auc undefined (e.g. a single class)' });
  });
});
