import { describe, expect, it } from 'vitest';
import { parseMetric } from '../metrics/registry.js';
import { estimatePerformance } from './cbpe.js';
import { seededRandom } from './random.js';

/** Rows of a calibration set (labelled) and one window (half labelled), scores on two decimals so that many tie. */
function rows(seed: number) {
  const random = seededRandom(seed);
  const n = 3000;
  const scores = new Float64Array(n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    scores[i] = Math.round(random() * 100) / 100;
    labels[i] = i >= 2000 && i % 2 ? Number.NaN : random() < scores[i]! ? 1 : 0;
  }
  const index = (from: number, to: number) => Uint32Array.from({ length: to - from }, (_, i) => from + i);
  return { scores, labels, calibration: index(0, 2000), window: index(2000, n) };
}

/** The same rows as an engine returns them: one row per distinct (part, label, score) with its count, reversed. */
function counted(data: ReturnType<typeof rows>) {
  const groups = new Map<string, { part: number; label: number; score: number; n: number }>();
  for (const [part, list] of [data.calibration, data.window].entries())
    for (const r of list) {
      const key = `${part}|${data.labels[r]}|${data.scores[r]}`;
      const g = groups.get(key) ?? { part, label: data.labels[r]!, score: data.scores[r]!, n: 0 };
      g.n++;
      groups.set(key, g);
    }
  const list = [...groups.values()].reverse();
  const of = (part: number) => Uint32Array.from(list.flatMap((g, i) => (g.part === part ? [i] : [])));
  return {
    scores: Float64Array.from(list, (g) => g.score),
    labels: Float64Array.from(list, (g) => g.label),
    counts: Float64Array.from(list, (g) => g.n),
    calibration: of(0),
    window: of(1),
  };
}

describe('CBPE reads distinct scores with their counts', () => {
  for (const metric of ['roc-auc', 'average-precision', 'log-loss', 'f1'])
    it(`${metric}: counts of (label, score) give the estimate of the rows they count, whatever the order`, () => {
      const data = rows(7);
      const spec = parseMetric(metric);
      const [fromRows] = estimatePerformance({
        spec,
        scores: data.scores,
        labels: data.labels,
        calibrationRows: data.calibration,
        windows: [data.window],
      });
      const c = counted(data);
      expect(c.scores.length).toBeLessThan(500); // 3,000 rows, ties grouped
      const [fromCounts] = estimatePerformance({
        spec,
        scores: c.scores,
        labels: c.labels,
        counts: c.counts,
        calibrationRows: c.calibration,
        windows: [c.window],
      });
      expect(fromRows).not.toBeNull();
      expect(fromCounts).toEqual(fromRows);
      expect(fromCounts!.calibration_rows).toBe(2000);
      // Row order does not matter either: the calibration rows backwards give the same estimate.
      const [reversed] = estimatePerformance({
        spec,
        scores: data.scores,
        labels: data.labels,
        calibrationRows: data.calibration.slice().reverse(),
        windows: [data.window.slice().reverse()],
      });
      expect(reversed).toEqual(fromRows);
    });

  it('many predictions per score (binomial draws) estimate what the same scores few at a time do', () => {
    // Scores 0, 0.01, …, 1, calibrated exactly (positives = score × count), `scale` predictions per score.
    // Population ROC AUC: Σ_{s>t} s(1-t) + ½Σ_{s=t} s(1-s), over Σ s · Σ (1-t) = 0.8366 (checked with numpy).
    const of = (scale: number) => {
      const scores: number[] = [];
      const labels: number[] = [];
      const counts: number[] = [];
      for (let i = 0; i <= 100; i++) {
        const positives = Math.round(i * 2 * scale);
        scores.push(i / 100, i / 100, i / 100);
        labels.push(1, 0, Number.NaN);
        counts.push(positives, 200 * scale - positives, 50 * scale);
      }
      const rows = (pick: (j: number) => boolean) => Uint32Array.from(scores.keys()).filter(pick);
      const [estimate] = estimatePerformance({
        spec: parseMetric('roc-auc'),
        scores: Float64Array.from(scores),
        labels: Float64Array.from(labels),
        counts: Float64Array.from(counts),
        calibrationRows: rows((j) => j % 3 < 2),
        windows: [rows((j) => j % 3 === 2)],
      });
      return estimate!;
    };
    const few = of(0.08); // 16 labelled and 4 unlabelled predictions per score: drawn one by one
    const many = of(100); // 20,000 and 5,000 per score: one binomial draw each
    expect([few.calibration_rows, many.calibration_rows]).toEqual([1616, 2_020_000]);
    // Both estimate the ROC AUC of labels drawn at these probabilities: 0.8366 for 101 equally common scores,
    // with positive weight s and negative weight 1 - s.
    expect(Math.abs(few.value - 0.8366)).toBeLessThan(0.02);
    expect(Math.abs(many.value - 0.8366)).toBeLessThan(0.003);
    expect(many.high - many.low).toBeLessThan((few.high - few.low) / 10);
  });
});
