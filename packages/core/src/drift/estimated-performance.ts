import { canEstimate, estimatePerformance } from '../evaluation/cbpe.js';
import type { MetricSpec } from '../metrics/registry.js';
import type { PerformanceWindow } from './result.js';

export interface WindowEstimateInput {
  metric: MetricSpec;
  scores: Float64Array;
  /** Joined labels, NaN where the outcome is not in yet. */
  labels: Float64Array;
  /** Window of each prediction (-1 outside every window). */
  windowIndex: Int32Array;
  /** Predictions each row stands for (an engine's counts, see performanceCountsFromRows); default 1. */
  counts?: Float64Array;
  minLabelCoverage: number;
  /** Windows with fewer predictions are not estimated either (min-window-rows; 0 = any). */
  minRows?: number;
  resamples?: number;
  seed?: number;
}

/**
 * Add a CBPE estimate (see evaluation/cbpe.ts) to each window not scored for lack of labels. The calibration uses
 * the labelled rows of the scored windows only: a window whose labels are still arriving may hold a biased subset
 * (e.g. positives reported first). Metrics CBPE cannot estimate, or no scored window, leave the windows unchanged.
 */
export function estimateUnlabelledWindows(
  windows: PerformanceWindow[],
  input: WindowEstimateInput,
): PerformanceWindow[] {
  if (!canEstimate(input.metric)) return windows;
  const scored = new Set(windows.filter((w) => w.value !== null).map((w) => w.k));
  const targets = windows.filter(
    (w) =>
      w.value === null &&
      w.rows > 0 &&
      w.rows >= (input.minRows ?? 0) &&
      w.coverage !== null &&
      w.coverage < input.minLabelCoverage,
  );
  if (scored.size === 0 || targets.length === 0) return windows;
  const calibration: number[] = [];
  const rowsOf = new Map<number, number[]>(targets.map((w) => [w.k, []]));
  for (let i = 0; i < input.windowIndex.length; i++) {
    const k = input.windowIndex[i]!;
    if (scored.has(k) && !Number.isNaN(input.labels[i]!)) calibration.push(i);
    else rowsOf.get(k)?.push(i);
  }
  const estimates = estimatePerformance({
    spec: input.metric,
    scores: input.scores,
    labels: input.labels,
    counts: input.counts,
    calibrationRows: Uint32Array.from(calibration),
    windows: targets.map((w) => Uint32Array.from(rowsOf.get(w.k)!)),
    resamples: input.resamples,
    seed: input.seed,
  });
  const byWindow = new Map(targets.map((w, i) => [w.k, estimates[i]] as const));
  return windows.map((w) => {
    const estimate = byWindow.get(w.k);
    return estimate ? { ...w, estimated: estimate } : w;
  });
}

/**
 * The window the retraining rules read: the newest scored window, or, with `useEstimates` (input
 * `retrain-on-estimated`), the newest window with a value or an estimate, its estimate standing in for the value.
 */
export function windowForRetrainRules(
  windows: PerformanceWindow[],
  useEstimates: boolean,
): PerformanceWindow | null {
  const newest = windows.find((w) => w.value !== null || (useEstimates && w.estimated));
  if (!newest) return null;
  return newest.value === null && newest.estimated ? { ...newest, value: newest.estimated.value } : newest;
}
