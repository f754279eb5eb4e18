import { UserError } from '../errors.js';
import {
  computeMetric,
  improvement,
  type MetricColumns,
  type MetricSpec,
  prepareRows,
} from '../metrics/registry.js';
import { type BootstrapInput, type BootstrapResult, pairedBootstrap } from './bootstrap.js';
import { type DecisionRule, type PromotionEvidence, promotionDecision } from './promotion.js';
import { assignWindows, gammaWeightedScore, rowsByWindow, type WindowPlan, windowBounds } from './windows.js';

/** One window of one model in the result object. */
interface WindowScore {
  k: number;
  /** ISO 8601, exclusive. */
  start: string;
  /** ISO 8601, inclusive. */
  end: string;
  rows: number;
  /** The metric on this window, null when undefined (then skipped). */
  value: number | null;
  /** gamma^k; a skipped window contributes nothing whatever its weight. */
  weight: number;
  /** Why the window was skipped, when it was. */
  skipped?: string;
}

export interface ModelScore {
  score: number | null;
  windows: WindowScore[];
}

export interface SliceScore {
  column: string;
  value: string;
  rows: number;
  champion: number | null;
  challenger: number | null;
  /** Challenger improvement over champion (positive = better), null when either is undefined. */
  improvement: number | null;
  guarded: boolean;
  /** For guarded slices: whether the regression is within max-slice-regression. */
  holds?: boolean;
}

/** A categorical slice column: a code per row and the value of each code. */
interface SliceColumn {
  column: string;
  codes: Int32Array;
  values: string[];
}

export interface EvaluationInput {
  spec: MetricSpec;
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
  /** `column=value` pairs guarded against regression, or `all`. */
  guardSlices?: string[];
  maxSliceRegression?: number;
  minImprovement: number;
  /** Smallest improvement relative to the champion's score (MLflow's min_relative_change); 0 turns it off. */
  minRelativeImprovement?: number;
  minConfidence: number;
  /** Default `confident` (see promotion.ts). */
  decisionRule?: DecisionRule;
  /** `result`: the bootstrap already run elsewhere (worker threads) on `evaluationBootstrap(input)`. */
  bootstrap: { resamples: number; seed: number; result?: BootstrapResult };
  /** Largest number of values reported per slice column (the most frequent ones). */
  maxSliceValues?: number;
  /** Progress of the long loops (window scores of both models, slices, bootstrap resamples) as (done, total). */
  progress?: (step: 'windows' | 'slices' | 'bootstrap', done: number, total: number) => void;
}

export interface EvaluationOutcome {
  decision: 'promote' | 'keep';
  reason: string;
  champion: ModelScore | null;
  challenger: ModelScore;
  /** Challenger improvement over champion, oriented so positive is better. */
  improvement: number | null;
  slices: SliceScore[];
  slices_truncated: { column: string; values_not_shown: number }[];
  bootstrap: BootstrapResult | null;
  guards: { name: string; holds: boolean; detail: string }[];
  /** What the decision rested on and, when it was not enough, how much more data the observed effect needs. */
  evidence: PromotionEvidence | null;
  rows_evaluated: number;
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

/**
 * The paired bootstrap an evaluation asks for (null when there is no champion or no resample), so a caller can run
 * it elsewhere, in worker threads, and pass the result back as `bootstrap.result`.
 */
export function evaluationBootstrap(input: EvaluationInput): Omit<BootstrapInput, 'onProgress'> | null {
  if (!input.champion || input.bootstrap.resamples <= 0) return null;
  return {
    spec: input.spec,
    champion: input.champion,
    challenger: input.challenger,
    windows: rowsByWindow(assignWindows(input.timestamps, input.plan), input.plan.maxWindows),
    gamma: input.gamma,
    normalize: input.normalize,
    resamples: input.bootstrap.resamples,
    seed: input.bootstrap.seed,
    groupCount: input.groupCount,
  };
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
  if (input.champion && input.bootstrap.resamples > 0) {
    bootstrap =
      input.bootstrap.result ??
      pairedBootstrap({
        spec,
        champion: input.champion,
        challenger: input.challenger,
        windows,
        gamma: input.gamma,
        normalize: input.normalize,
        resamples: input.bootstrap.resamples,
        seed: input.bootstrap.seed,
        groupCount: input.groupCount,
        onProgress: input.progress && ((done, total) => input.progress!('bootstrap', done, total)),
      });
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

/** One slice value's entry: both scores, the improvement and, when guarded, whether the regression is allowed. */
export function sliceScore(
  input: Pick<EvaluationInput, 'spec' | 'guardSlices' | 'maxSliceRegression'>,
  column: string,
  value: string,
  rows: number,
  challenger: number | null,
  champion: number | null,
): SliceScore {
  const guarded = (input.guardSlices ?? []).some((g) => g === 'all' || g === `${column}=${value}`);
  const imp = challenger !== null && champion !== null ? improvement(input.spec, challenger, champion) : null;
  const entry: SliceScore = { column, value, rows, champion, challenger, improvement: imp, guarded };
  if (guarded && imp !== null) entry.holds = -imp <= (input.maxSliceRegression ?? 0);
  return entry;
}

/** The challenger must have a score somewhere, else there is nothing to decide. */
export function assertScored(
  spec: MetricSpec,
  challenger: ModelScore,
): asserts challenger is ModelScore & { score: number } {
  if (challenger.score === null) {
    throw new UserError(
      `The ${spec.name} of the challenger is undefined in every window (${challenger.windows
        .map((w) => `window ${w.k}: ${w.skipped}`)
        .slice(0, 3)
        .join('; ')}).`,
      {
        hint: 'The evaluation window set is empty: use a longer `window`, more `max-windows`, or data with both classes.',
      },
    );
  }
}

/** What the decision rests on: both models' decayed scores, the slices and (when run) the bootstrap. */
export type ScoredEvaluation = Pick<
  EvaluationOutcome,
  'champion' | 'slices' | 'slices_truncated' | 'bootstrap' | 'rows_evaluated'
> & { challenger: ModelScore & { score: number } };

/** Guards and the promote/keep decision from scores however they were computed (rows here, SQL summaries elsewhere). */
export function decideOutcome(
  input: Pick<
    EvaluationInput,
    | 'spec'
    | 'guardSlices'
    | 'maxSliceRegression'
    | 'decisionRule'
    | 'minImprovement'
    | 'minRelativeImprovement'
    | 'minConfidence'
  >,
  scored: ScoredEvaluation,
): EvaluationOutcome {
  const { spec } = input;
  const { champion, challenger, slices, bootstrap } = scored;
  const rowsEvaluated = scored.rows_evaluated;
  const guardSet = new Set(input.guardSlices ?? []);
  for (const guard of guardSet) {
    if (guard === 'all') continue;
    if (!slices.some((s) => `${s.column}=${s.value}` === guard)) {
      throw new UserError(`Guarded slice ${JSON.stringify(guard)} does not exist in the evaluated data.`, {
        hint: 'Use `column=value` with a column listed in `slice-columns` and a value present in the evaluation windows.',
      });
    }
  }

  const guards: { name: string; holds: boolean; detail: string }[] = [];
  const fmt = (v: number) => Number(v.toPrecision(6)).toString();
  let decision: 'promote' | 'keep';
  let reason: string;
  let imp: number | null = null;
  let evidence: PromotionEvidence | null = null;
  if (!champion || champion.score === null) {
    decision = 'promote';
    reason = champion
      ? `The champion's ${spec.name} is undefined in every window, so the challenger (${fmt(challenger.score)}) is promoted.`
      : `No champion to compare with: the challenger (${spec.name} ${fmt(challenger.score)}) is the first model.`;
  } else {
    imp = improvement(spec, challenger.score, champion.score);
    const promotion = promotionDecision({
      spec,
      challengerScore: challenger.score,
      championScore: champion.score,
      improvement: imp,
      rule: input.decisionRule ?? 'confident',
      minImprovement: input.minImprovement,
      minRelativeImprovement: input.minRelativeImprovement ?? 0,
      minConfidence: input.minConfidence,
      bootstrap,
      rowsEvaluated,
    });
    evidence = promotion.evidence;
    guards.push(...promotion.guards.filter((g) => g.name !== 'confidence'));
    for (const s of slices.filter((x) => x.guarded && x.holds !== undefined)) {
      guards.push({
        name: `slice ${s.column}=${s.value}`,
        holds: s.holds!,
        detail: `regression ${fmt(Math.max(0, -(s.improvement ?? 0)))} (allowed ${fmt(input.maxSliceRegression ?? 0)})`,
      });
    }
    guards.push(...promotion.guards.filter((g) => g.name === 'confidence'));
    const failed = guards.filter((g) => !g.holds);
    decision = failed.length === 0 ? 'promote' : 'keep';
    reason =
      decision === 'promote'
        ? `The challenger's ${spec.name} ${fmt(challenger.score)} beats the champion's ${fmt(champion.score)} and every guard holds.`
        : `Keep the champion: ${failed.map((g) => `${g.name} (${g.detail})`).join('; ')}.${failed.some((g) => g.name === 'confidence') ? ` ${evidence!.statement}` : ''}`;
  }
  return {
    decision,
    reason,
    champion,
    challenger,
    improvement: imp,
    slices,
    slices_truncated: scored.slices_truncated,
    bootstrap,
    guards,
    evidence,
    rows_evaluated: rowsEvaluated,
  };
}
