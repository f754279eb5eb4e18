import {
  computeMetric,
  improvement,
  type MetricColumns,
  type MetricSpec,
  type PreparedRows,
  prepareRows,
} from '../metrics/registry.js';
import { orderByScore, rankingPass } from './bootstrap-ranking.js';
import { poissonWeights } from './poisson-weights.js';
import { percentileSorted } from './random.js';
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
  /**
   * How the interval was obtained: `poisson` = the resamples above; `influence` = the influence-function (DeLong-type)
   * normal interval (bootstrap-influence.ts), no resample drawn. Absent in results recorded before it existed.
   */
  method?: IntervalMethod;
  /** Why this method (the `bootstrap-method` setting and, under `auto`, the sample that decided it). */
  method_reason?: string;
}

/** How the interval of the improvement is computed (input `bootstrap-method`). */
export type IntervalMethod = 'poisson' | 'influence';

/**
 * Everything a resample needs, prepared once and made of plain data (typed arrays, numbers), so it can be copied to
 * worker threads. Ranking metrics (average precision, ROC AUC) keep only one byte per row and model, in score order;
 * other metrics keep the columns and re-weight rows (or groups) through the registry.
 */
export interface BootstrapPlan {
  spec: MetricSpec;
  gamma: number;
  normalize: boolean;
  resamples: number;
  seed: number;
  windowCount: number;
  /** How many weights one resample draws: evaluated rows (or groups, for group-ranking metrics). */
  draws: number;
  ranking?: {
    /** Start of each window in the challenger's order (windows, then score descending); windowCount + 1 entries. */
    windowStarts: Uint32Array;
    /** Per row in the challenger's order: bit 0 = positive label, bit 1 = last row of a run of tied scores. */
    challenger: Uint8Array;
    /** The same in the champion's order. */
    champion: Uint8Array;
    /** For the champion's j-th row: its position in the challenger's order (where its weight was drawn). */
    championPositions: Uint32Array;
  };
  generic?: {
    champion: MetricColumns;
    challenger: MetricColumns;
    windows: Uint32Array[];
    /** Length of the weight vector the registry indexes: rows, or groups. */
    size: number;
    byGroup: boolean;
  };
}

function sampleStd(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

/** Prepare the resampling of a paired bootstrap once: one sort per model and window, nothing per resample. */
export function planBootstrap(input: Omit<BootstrapInput, 'onProgress'>): BootstrapPlan {
  const { spec, windows } = input;
  const base = {
    spec,
    gamma: input.gamma,
    normalize: input.normalize,
    resamples: input.resamples,
    seed: input.seed,
    windowCount: windows.length,
  };
  if (spec.kind === 'ranking') {
    const total = windows.reduce((n, w) => n + w.length, 0);
    const windowStarts = new Uint32Array(windows.length + 1);
    const challenger = new Uint8Array(total);
    const champion = new Uint8Array(total);
    const championPositions = new Uint32Array(total);
    const positionOf = new Uint32Array(input.challenger.labels.length);
    let start = 0;
    for (const [k, rows] of windows.entries()) {
      windowStarts[k] = start;
      orderByScore(input.challenger, rows, challenger, start, (row, j) => {
        positionOf[row] = j;
      });
      orderByScore(input.champion, rows, champion, start, (row, j) => {
        championPositions[j] = positionOf[row]!;
      });
      start += rows.length;
    }
    windowStarts[windows.length] = start;
    return {
      ...base,
      draws: total,
      ranking: { windowStarts, challenger, champion, championPositions },
    };
  }
  const byGroup = spec.kind === 'group-ranking';
  return {
    ...base,
    draws: byGroup ? (input.groupCount ?? 0) : windows.reduce((n, w) => n + w.length, 0),
    generic: {
      champion: input.champion,
      challenger: input.challenger,
      windows,
      size: byGroup ? (input.groupCount ?? 0) : input.challenger.labels.length,
      byGroup,
    },
  };
}

/**
 * The challenger's improvement over the champion in resamples [from, to) of the plan (NaN where either decayed score
 * is undefined). Resample b draws its weights from its own stream (see poisson-weights.ts): the result for b does
 * not depend on which call, thread or range computes it. `onResample` is called after each one.
 */
export function resampleImprovements(
  plan: BootstrapPlan,
  from: number,
  to: number,
  onResample?: () => void,
): Float64Array {
  const out = new Float64Array(Math.max(0, to - from));
  const weights = new Uint8Array(plan.draws);
  const champValues: (number | null)[] = new Array(plan.windowCount);
  const challValues: (number | null)[] = new Array(plan.windowCount);
  const generic = plan.generic;
  const prepared = generic && {
    champion: generic.windows.map((rows) => prepareRows(plan.spec, generic.champion, rows)),
    challenger: generic.windows.map((rows) => prepareRows(plan.spec, generic.challenger, rows)),
    expanded: new Float64Array(generic.size),
  };
  const auc = plan.spec.name === 'roc-auc';
  for (let b = from; b < to; b++) {
    poissonWeights(plan.seed, b, weights);
    if (plan.ranking) {
      const { windowStarts, challenger, champion, championPositions } = plan.ranking;
      for (let k = 0; k < plan.windowCount; k++) {
        const [s, e] = [windowStarts[k]!, windowStarts[k + 1]!];
        challValues[k] = rankingPass(auc, challenger, weights, null, s, e);
        champValues[k] = rankingPass(auc, champion, weights, championPositions, s, e);
      }
    } else if (generic && prepared) {
      expandWeights(generic, weights, prepared.expanded);
      const [rowWeights, groupWeights] = generic.byGroup
        ? [undefined, prepared.expanded]
        : [prepared.expanded, undefined];
      const value = (columns: MetricColumns, p: PreparedRows) =>
        computeMetric(plan.spec, columns, p, rowWeights, groupWeights);
      for (let k = 0; k < plan.windowCount; k++) {
        challValues[k] = value(generic.challenger, prepared.challenger[k]!);
        champValues[k] = value(generic.champion, prepared.champion[k]!);
      }
    }
    const champScore = gammaWeightedScore(champValues, plan.gamma, plan.normalize);
    const challScore = gammaWeightedScore(challValues, plan.gamma, plan.normalize);
    out[b - from] =
      champScore === null || challScore === null
        ? Number.NaN
        : improvement(plan.spec, challScore, champScore);
    onResample?.();
  }
  return out;
}

/** Spread the drawn weights to the index the registry reads: each evaluated row (windows in order), or each group. */
function expandWeights(
  generic: NonNullable<BootstrapPlan['generic']>,
  weights: Uint8Array,
  expanded: Float64Array,
): void {
  if (generic.byGroup) {
    for (let g = 0; g < weights.length; g++) expanded[g] = weights[g]!;
    return;
  }
  let j = 0;
  for (const rows of generic.windows) for (const r of rows) expanded[r] = weights[j++]!;
}

/** The interval, share and standard error from every resample's improvement (NaN = undefined resample). */
export function summariseBootstrap(
  plan: Pick<BootstrapPlan, 'resamples' | 'seed'>,
  improvements: Float64Array,
) {
  let defined = 0;
  for (const d of improvements) if (!Number.isNaN(d)) defined++;
  const sorted = new Float64Array(defined);
  let better = 0;
  let i = 0;
  for (const d of improvements) {
    if (Number.isNaN(d)) continue;
    sorted[i++] = d;
    if (d > 0) better++;
  }
  sorted.sort();
  const result: BootstrapResult = {
    resamples: plan.resamples,
    undefined_resamples: improvements.length - defined,
    low: defined ? percentileSorted(sorted, 2.5) : null,
    high: defined ? percentileSorted(sorted, 97.5) : null,
    share_challenger_better: defined ? better / defined : null,
    standard_error: defined > 1 ? sampleStd(sorted) : null,
    seed: plan.seed,
    method: 'poisson',
  };
  return result;
}

/**
 * Paired Poisson bootstrap of the challenger's improvement over the champion, in this thread: each resample gives
 * every evaluated row (or, for map@k / ndcg@k, every group) a Poisson(1) weight, and both models are scored on that
 * same weighting with the same windows. The action spreads the same resamples over worker threads instead
 * (packages/evaluate-challenger/src/bootstrap.ts); the result is identical.
 */
export function pairedBootstrap(input: BootstrapInput): BootstrapResult {
  const plan = planBootstrap(input);
  let done = 0;
  const improvements = resampleImprovements(plan, 0, plan.resamples, () =>
    input.onProgress?.(++done, plan.resamples),
  );
  input.onProgress?.(plan.resamples, plan.resamples);
  return summariseBootstrap(plan, improvements);
}

/** One worker's share of a bootstrap: resamples [from, to) of the plan. */
interface ResampleRange {
  plan: BootstrapPlan;
  from: number;
  to: number;
}

/** The resampling as a worker task (packages/parallel runs it in a thread): pure, plain data in and out. */
export const bootstrapTask = {
  name: 'bootstrap',
  run: (job: ResampleRange, progress: (units: number) => void): Float64Array =>
    resampleImprovements(job.plan, job.from, job.to, () => progress(1)),
};
