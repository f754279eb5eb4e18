import { UserError } from '../errors.js';
import { computeMetric, type MetricColumns, type MetricSpec, prepareRows } from '../metrics/registry.js';
import {
  type BootstrapInput,
  type BootstrapResult,
  type IntervalMethod,
  pairedBootstrap,
  planBootstrap,
} from './bootstrap.js';
import {
  chooseIntervalMethod,
  type IntervalMethodSetting,
  influenceInterval,
} from './bootstrap-influence.js';
import {
  assertScored,
  type DecisionSettings,
  decideOutcome,
  type EvaluationOutcome,
  type ModelScore,
  type SliceScore,
  sliceScore,
  type WindowScore,
} from './outcome.js';
import { assignWindows, gammaWeightedScore, rowsByWindow, type WindowPlan, windowBounds } from './windows.js';

/** A categorical slice column: a code per row and the value of each code. */
interface SliceColumn {
  column: string;
  codes: Int32Array;
  values: string[];
}

/** What an evaluation runs on: both models' columns per joined row, the windows and the decision settings. */
export interface EvaluationInput extends DecisionSettings {
  plan: WindowPlan;
  gamma: number;
  normalize: boolean;
  /** Event time of each (joined) row, epoch ms. */
  timestamps: Float64Array;
  challenger: MetricColumns;
  /** Undefined when there is no champion yet (first model). */
  champion?: MetricColumns;
  groupCount?: number;
  slices?: SliceColumn[];
  /**
   * `result`: the bootstrap already run elsewhere (worker threads) on `evaluationBootstrap(input)`. `method`: the
   * `bootstrap-method` input (default `poisson`, the resampling; the action defaults to `auto`).
   */
  bootstrap: { resamples: number; seed: number; method?: IntervalMethodSetting; result?: BootstrapResult };
  /** Largest number of values reported per slice column (the most frequent ones). */
  maxSliceValues?: number;
  /** Progress of the long loops (window scores of both models, slices, bootstrap resamples) as (done, total). */
  progress?: (step: 'windows' | 'slices' | 'bootstrap', done: number, total: number) => void;
}

function describeUndefined(spec: MetricSpec, rows: Uint32Array, labels: Float64Array): string {
  if (rows.length === 0) return 'no rows';
  if (spec.labels === 'binary' && (spec.kind === 'ranking' || spec.kind === 'group-ranking')) {
    let positives = 0;
    for (const r of rows) if (labels[r] === 1) positives++;
    if (positives === 0) return 'no positive label';
    if (positives === rows.length && spec.kind === 'ranking') return 'only positive labels';
  }
  if (spec.kind === 'threshold')
    return `${spec.name} is undefined at threshold ${spec.threshold} (no predicted or actual positive)`;
  if (spec.name === 'r2') return 'fewer than two rows';
  return 'metric undefined';
}

/**
 * Score one model per window and combine with gamma^k weights. `counts` (optional) says how many rows each row
 * stands for: SQL summaries send one row per distinct (label, score) with its count.
 */
export function scoreModel(
  spec: MetricSpec,
  columns: MetricColumns,
  windows: Uint32Array[],
  input: Pick<EvaluationInput, 'plan' | 'gamma' | 'normalize'>,
  onWindow?: () => void,
  counts?: Float64Array,
): ModelScore {
  const scored = windows.map((rows, k) => {
    onWindow?.();
    const value = computeMetric(spec, columns, prepareRows(spec, columns, rows), counts);
    const { start, end } = windowBounds(input.plan, k);
    const window: WindowScore = {
      k,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      rows: counts ? rows.reduce((n, r) => n + counts[r]!, 0) : rows.length,
      value,
      weight: input.gamma ** k,
    };
    if (value === null) window.skipped = describeUndefined(spec, rows, columns.labels);
    return window;
  });
  return {
    score: gammaWeightedScore(
      scored.map((w) => w.value),
      input.gamma,
      input.normalize,
    ),
    windows: scored,
  };
}

/** The interval an evaluation asks for (null when there is no champion or no resample): its input and method. */
function intervalRequest(
  input: EvaluationInput,
  windows: Uint32Array[],
): (Omit<BootstrapInput, 'onProgress'> & { method: IntervalMethod; reason: string }) | null {
  if (!input.champion || input.bootstrap.resamples <= 0) return null;
  const choice = chooseIntervalMethod(
    input.bootstrap.method ?? 'poisson',
    input.spec,
    windows,
    input.challenger.labels,
  );
  return {
    spec: input.spec,
    champion: input.champion,
    challenger: input.challenger,
    windows,
    gamma: input.gamma,
    normalize: input.normalize,
    resamples: input.bootstrap.resamples,
    seed: input.bootstrap.seed,
    groupCount: input.groupCount,
    ...choice,
  };
}

/**
 * The paired bootstrap an evaluation asks for (null when there is no champion, no resample, or the influence
 * interval replaces the resampling), so a caller can run it elsewhere, in worker threads, and pass the result back
 * as `bootstrap.result`; `reason` says why it resamples.
 */
export function evaluationBootstrap(
  input: EvaluationInput,
): (Omit<BootstrapInput, 'onProgress'> & { reason: string }) | null {
  const windows = rowsByWindow(assignWindows(input.timestamps, input.plan), input.plan.maxWindows);
  const request = intervalRequest(input, windows);
  return request?.method === 'poisson' ? request : null;
}

/** The whole champion/challenger evaluation: windows, decayed scores, slices, bootstrap, guards and the decision. */
export function evaluateChampionChallenger(input: EvaluationInput): EvaluationOutcome {
  const { spec } = input;
  const windowIndex = assignWindows(input.timestamps, input.plan);
  const windows = rowsByWindow(windowIndex, input.plan.maxWindows);
  const rowsEvaluated = windows.reduce((n, w) => n + w.length, 0);
  if (rowsEvaluated === 0) {
    throw new UserError(
      `No row falls in the evaluation windows (${input.plan.maxWindows} windows of ${input.plan.windowMs / 3_600_000}h ending ${new Date(input.plan.asOf).toISOString()}).`,
      { hint: 'Check `as-of`, `window` and `max-windows` against the timestamps in the data.' },
    );
  }
  const windowTotal = windows.length * (input.champion ? 2 : 1);
  let windowsDone = 0;
  const onWindow = () => input.progress?.('windows', windowsDone++, windowTotal);
  const challenger = scoreModel(spec, input.challenger, windows, input, onWindow);
  assertScored(spec, challenger);
  const champion = input.champion ? scoreModel(spec, input.champion, windows, input, onWindow) : null;
  input.progress?.('windows', windowTotal, windowTotal);

  // Slices: the same decayed score on each slice value's rows.
  const slices: SliceScore[] = [];
  const truncated: { column: string; values_not_shown: number }[] = [];
  for (const slice of input.slices ?? []) {
    const counts = new Uint32Array(slice.values.length);
    for (let i = 0; i < slice.codes.length; i++)
      if (windowIndex[i]! >= 0 && slice.codes[i]! >= 0) counts[slice.codes[i]!]!++;
    const ranked = [...counts.keys()]
      .filter((c) => counts[c]! > 0)
      .sort((a, b) => counts[b]! - counts[a]! || (slice.values[a]! < slice.values[b]! ? -1 : 1));
    const limit = input.maxSliceValues ?? 50;
    if (ranked.length > limit)
      truncated.push({ column: slice.column, values_not_shown: ranked.length - limit });
    const shown = ranked.slice(0, limit);
    for (const [j, code] of shown.entries()) {
      input.progress?.('slices', j, shown.length);
      const mask = new Uint8Array(slice.codes.length);
      for (let i = 0; i < mask.length; i++) mask[i] = slice.codes[i] === code ? 1 : 0;
      const sliceWindows = rowsByWindow(windowIndex, input.plan.maxWindows, mask);
      const chall = scoreModel(spec, input.challenger, sliceWindows, input).score;
      const champ = input.champion ? scoreModel(spec, input.champion, sliceWindows, input).score : null;
      const entry = sliceScore(input, slice.column, slice.values[code]!, counts[code]!, chall, champ);
      slices.push(entry);
    }
    input.progress?.('slices', shown.length, shown.length);
  }
  let bootstrap: BootstrapResult | null = null;
  const request = intervalRequest(input, windows);
  if (request) {
    const { method, reason, ...resampling } = request;
    const result =
      input.bootstrap.result ??
      (method === 'influence'
        ? influenceInterval(planBootstrap(resampling))
        : pairedBootstrap({
            ...resampling,
            onProgress: input.progress && ((done, total) => input.progress!('bootstrap', done, total)),
          }));
    bootstrap = { ...result, method_reason: reason };
  }

  return decideOutcome(input, {
    champion,
    challenger,
    slices,
    slices_truncated: truncated,
    bootstrap,
    rows_evaluated: rowsEvaluated,
  });
}
