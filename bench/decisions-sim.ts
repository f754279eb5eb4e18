// Simulated data with a known truth for `pnpm bench:decisions` (bench/decisions.ts): ten mixed features, pairs of
// models of stated skill, and scores whose outcome probability is known. Seeded (mulberry32), so every run repeats.
import {
  type CategoryCounts,
  compareCategorical,
  compareNumeric,
  decideFeatureDrift,
  type FeatureDrift,
  type NumericValues,
  seededRandom,
} from '@mlops-actions/core';

export type Random = () => number;
const normal = (r: Random) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** A stated change applied to the current sample: a mean shift of one numeric feature, or a move between levels. */
export interface Shift {
  feature: string;
  /** Numeric: mean shift in σ. Categorical: share moved from the first level to the second. */
  size: number;
}

type NumericGen = (r: Random, shift: number) => number;
const NUMERIC: Record<string, NumericGen> = {
  normal: (r, s) => normal(r) + s,
  lognormal: (r, s) => Math.exp(0.6 * normal(r)) + s * 0.6,
  // Integer counts: many ties, which make KS conservative.
  visits: (r, s) => Math.max(0, Math.round(5 + 2 * normal(r) + 2 * s)),
  uniform: (r, s) => r() + s * 0.29,
  bimodal: (r, s) => (r() < 0.5 ? -2 : 2) + 0.7 * normal(r) + s * 2.1,
};

const zipf = (k: number) => Array.from({ length: k }, (_, i) => 1 / (i + 1) ** 1.1);
const CATEGORICAL: Record<string, number[]> = {
  three_levels: [0.45, 0.45, 0.1],
  two_levels: [0.8, 0.2],
  five_levels: [0.3, 0.25, 0.2, 0.15, 0.1],
  // 30 levels with a rare tail: the case where the one-sample test raised false alarms.
  thirty_levels: zipf(30),
  twelve_levels: Array.from({ length: 12 }, (_, i) => 1 + (i % 3)),
};

function numericSide(r: Random, gen: NumericGen, n: number, shift: number): NumericValues {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = gen(r, shift);
  return { kind: 'numeric', sorted: v.sort(), missing: 0 };
}

function categoricalSide(r: Random, weights: number[], n: number): CategoryCounts {
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  const cumulative = weights.map((w) => (sum += w / total));
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const u = r();
    let level = cumulative.findIndex((c) => u < c);
    if (level < 0) level = weights.length - 1;
    const name = `level_${level}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return { kind: 'categorical', counts, missing: 0 };
}

/** One drift-report run on simulated data with the default tests and policy: every feature's verdict. */
export function simulateDriftRun(
  seed: number,
  referenceRows: number,
  currentRows: number,
  shift?: Shift,
): Record<string, FeatureDrift> {
  const r = seededRandom(seed);
  const features: Record<string, FeatureDrift> = {};
  for (const [name, gen] of Object.entries(NUMERIC)) {
    const s = shift?.feature === name ? shift.size : 0;
    features[name] = compareNumeric(
      name,
      numericSide(r, gen, referenceRows, 0),
      numericSide(r, gen, currentRows, s),
    );
  }
  for (const [name, weights] of Object.entries(CATEGORICAL)) {
    const current = [...weights];
    if (shift?.feature === name) {
      const total = weights.reduce((a, b) => a + b, 0);
      current[0]! -= shift.size * total;
      current[1]! += shift.size * total;
    }
    features[name] = compareCategorical(
      name,
      categoricalSide(r, weights, referenceRows),
      categoricalSide(r, current, currentRows),
    );
  }
  return Object.fromEntries(decideFeatureDrift(new Map(Object.entries(features))));
}

/** Two models scoring the same rows: score = label · skill + N(0, 1), labels ~ Bernoulli(prevalence). */
export function modelPair(
  seed: number,
  rows: number,
  championSkill: number,
  challengerSkill: number,
  prevalence = 0.3,
) {
  const r = seededRandom(seed);
  const labels = new Float64Array(rows);
  const champion = new Float64Array(rows);
  const challenger = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    labels[i] = r() < prevalence ? 1 : 0;
    champion[i] = labels[i]! * championSkill + normal(r);
    challenger[i] = labels[i]! * challengerSkill + normal(r);
  }
  return { labels, champion, challenger };
}

/** Scores of one window and their true outcome probability P(y = 1 | s) = 0.9·s² + 0.02 (miscalibrated scores). */
export function scoredWindow(r: Random, rows: number, skew: number) {
  const scores = new Float64Array(rows);
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    scores[i] = r() ** skew;
    labels[i] = r() < 0.9 * scores[i]! ** 2 + 0.02 ? 1 : 0;
  }
  return { scores, labels };
}
