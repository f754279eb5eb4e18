import type { CategoryCounts, FeatureSide, NumericSummary } from './features.js';

/** One line of a feature-summary query's result (columns as planFeatureSummaryQuery documents, text as in CSV). */
type FeatureSummaryRow = ReadonlyArray<string | null>;

// Athena and DuckDB both print an array as `[0.1, 0.25, …]`.
const numbers = (text: string | null | undefined): number[] =>
  text
    ? text
        .replace(/^\[|\]$/g, '')
        .split(',')
        .map((v) => Number(v.trim()))
    : [];

/**
 * Feature sides from what the engine summarised: numeric features as reference summaries (compared with the
 * `method: summary` tests), categorical ones as level counts.
 */
export function featureSidesFromRows(rows: Iterable<FeatureSummaryRow>): Map<string, FeatureSide> {
  const sides = new Map<string, FeatureSide>();
  const categorical = (name: string): CategoryCounts => {
    let side = sides.get(name) as CategoryCounts | undefined;
    if (!side) {
      side = { kind: 'categorical', counts: new Map(), missing: 0 };
      sides.set(name, side);
    }
    return side;
  };
  for (const [feature, kind, value, n, missing, mean, std, quantiles] of rows) {
    const name = feature!;
    if (kind === 'numeric') {
      const count = Number(n);
      const summary: NumericSummary = {
        kind: 'numeric-summary',
        count,
        missing: Number(missing),
        mean: count ? Number(mean) : 0,
        std: count ? Number(std) : 0,
        quantiles: numbers(quantiles),
      };
      sides.set(name, summary);
    } else if (kind === 'level') categorical(name).counts.set(value ?? '', Number(n));
    else if (kind === 'missing') categorical(name).missing = Number(n);
  }
  return sides;
}

/** An engine's performance counts (planDriftPerformanceQuery's result) as rows core's performanceWindows weighs. */
export interface PerformanceCounts {
  /** One entry per distinct (window, label, score); label NaN where the outcome is not in yet. */
  windowIndex: Int32Array;
  labels: Float64Array;
  scores: Float64Array;
  counts: Float64Array;
  /** The `stats` rows by name. */
  stats: Map<string, number>;
}

/** Read planDriftPerformanceQuery's rows (header excluded): kind, name, k, label, score, n. */
export function performanceCountsFromRows(rows: Iterable<FeatureSummaryRow>): PerformanceCounts {
  const k: number[] = [];
  const labels: number[] = [];
  const scores: number[] = [];
  const counts: number[] = [];
  const stats = new Map<string, number>();
  const num = (v: string | null | undefined) =>
    v === null || v === undefined || v === '' ? Number.NaN : Number(v);
  for (const [kind, name, window, label, score, n] of rows) {
    if (kind === 'stats') stats.set(name!, num(n));
    else if (kind === 'window') {
      k.push(num(window));
      labels.push(num(label));
      scores.push(num(score));
      counts.push(num(n));
    }
  }
  return {
    windowIndex: Int32Array.from(k),
    labels: Float64Array.from(labels),
    scores: Float64Array.from(scores),
    counts: Float64Array.from(counts),
    stats,
  };
}
