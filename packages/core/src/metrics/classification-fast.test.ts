import { describe, expect, it } from 'vitest';
import { seededRandom } from '../evaluation/random.js';
import { averagePrecision, averagePrecisionUnweighted, rocAuc, rocAucUnweighted } from './classification.js';

describe('unweighted AP and ROC AUC by class-sorted scores', () => {
  it('give exactly the sorted-order results, ties, -0/+0 and subsets of rows included', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 300);
      const levels = 1 + Math.floor(random() * 20); // few levels: many ties
      const labels = Float64Array.from({ length: n }, () => (random() < 0.3 ? 1 : 0));
      const scores = Float64Array.from({ length: n }, () => {
        const v = Math.floor(random() * levels) / levels;
        return v === 0 && random() < 0.5 ? -0 : v;
      });
      const rows = Uint32Array.from({ length: Math.floor(n / 2) }, () => Math.floor(random() * n));
      expect(averagePrecisionUnweighted(labels, scores)).toBe(averagePrecision(labels, scores));
      expect(rocAucUnweighted(labels, scores)).toBe(rocAuc(labels, scores));
      const sub = {
        labels: Float64Array.from(rows, (i) => labels[i]!),
        scores: Float64Array.from(rows, (i) => scores[i]!),
      };
      expect(averagePrecisionUnweighted(labels, scores, rows)).toBe(averagePrecision(sub.labels, sub.scores));
      expect(rocAucUnweighted(labels, scores, rows)).toBe(rocAuc(sub.labels, sub.scores));
    }
  });
});
