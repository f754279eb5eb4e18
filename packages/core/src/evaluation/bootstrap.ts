import {
  computeMetric,
  improvement,
  type MetricColumns,
  type MetricSpec,
  prepareRows,
} from '../metrics/registry.js';
import { percentileSorted, seededRandom } from './random.js';
import { gammaWeightedScore } from './windows.js';

export interface BootstrapInput {
  spec: MetricSpec;
  champion: MetricColumns;
  challenger: MetricColumns;
  /** Rows of each window (both models share rows: they are joined). */
  windows: Uint32Array[];
  gamma: number;
  normalize: boolean;
  resamples: number;
  seed: number;
  /** Number of groups (group-ranking metrics resample whole groups instead of rows). */
  groupCount?: number;
  /** Called after each resample with (done, total), so the caller can report progress on long runs. */
  onProgress?: (done: number, total: number) => void;
}

export interface BootstrapResult {
  resamples: number;
  /** Resamples where either score was undefined (e.g. a window left with one class), left out of the interval. */
  undefined_resamples: number;
  /** 2.5th and 97.5th percentile of the improvement of the challenger over the champion (positive = better). */
  low: number | null;
  high: number | null;
  /** Share of resamples in which the challenger scored better. */
  share_challenger_better: number | null;
  /** Standard deviation of the resampled improvements (ddof 1): the standard error of the improvement. */
  standard_error: number | null;
  seed: number;
}

function sampleStd(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

/**
 * Paired bootstrap of the challenger's improvement over the champion: each resample draws the evaluated rows (or, for
 * map@k / ndcg@k, the groups) with replacement, and both models are scored on that same resample with the same
 * windows and weights. Rows are sorted once per window; a resample only re-weights them.
 */
export function pairedBootstrap(input: BootstrapInput): BootstrapResult {
  const { spec, champion, challenger, windows } = input;
  const prepChampion = windows.map((rows) => prepareRows(spec, champion, rows));
  const prepChallenger = windows.map((rows) => prepareRows(spec, challenger, rows));
  const random = seededRandom(input.seed);
  const byGroup = spec.kind === 'group-ranking';
  const evaluated: number[] = [];
  if (byGroup) {
    const seen = new Set<number>();
    for (const rows of windows) for (const r of rows) seen.add(challenger.groups![r]!);
    evaluated.push(...seen);
  } else {
    for (const rows of windows) for (const r of rows) evaluated.push(r);
  }
  const size = byGroup ? (input.groupCount ?? 0) : challenger.labels.length;
  const counts = new Float64Array(size);
  const diffs: number[] = [];
  let better = 0;
  let undefinedCount = 0;
  for (let b = 0; b < input.resamples; b++) {
    counts.fill(0);
    for (let j = 0; j < evaluated.length; j++)
      counts[evaluated[Math.floor(random() * evaluated.length)]!]! += 1;
    const rowWeights = byGroup ? undefined : counts;
    const groupWeights = byGroup ? counts : undefined;
    const champValues = prepChampion.map((p) => computeMetric(spec, champion, p, rowWeights, groupWeights));
    const challValues = prepChallenger.map((p) =>
      computeMetric(spec, challenger, p, rowWeights, groupWeights),
    );
    const champScore = gammaWeightedScore(champValues, input.gamma, input.normalize);
    const challScore = gammaWeightedScore(challValues, input.gamma, input.normalize);
    input.onProgress?.(b + 1, input.resamples);
    if (champScore === null || challScore === null) {
      undefinedCount++;
      continue;
    }
    const d = improvement(spec, challScore, champScore);
    diffs.push(d);
    if (d > 0) better++;
  }
  input.onProgress?.(input.resamples, input.resamples);
  const sorted = Float64Array.from(diffs).sort();
  return {
    resamples: input.resamples,
    undefined_resamples: undefinedCount,
    low: sorted.length ? percentileSorted(sorted, 2.5) : null,
    high: sorted.length ? percentileSorted(sorted, 97.5) : null,
    share_challenger_better: sorted.length ? better / sorted.length : null,
    standard_error: sorted.length > 1 ? sampleStd(sorted) : null,
    seed: input.seed,
  };
}
