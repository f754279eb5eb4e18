// The evaluation's result and the decision taken on it: guards and promote/keep from scores however they were
// computed (rows in evaluate.ts, SQL summaries in summary.ts).
import { UserError } from '../errors.js';
import { improvement, type MetricSpec } from '../metrics/registry.js';
import type { BootstrapResult } from './bootstrap.js';
import { type DecisionRule, type PromotionEvidence, promotionDecision } from './promotion.js';

/** The settings the promote/keep decision is taken with (the action's inputs). */
export interface DecisionSettings {
  spec: MetricSpec;
  /** `column=value` pairs guarded against regression, or `all`. */
  guardSlices?: string[];
  maxSliceRegression?: number;
  minImprovement: number;
  /** Smallest improvement relative to the champion's score (MLflow's min_relative_change); 0 turns it off. */
  minRelativeImprovement?: number;
  minConfidence: number;
  /** Default `confident` (see promotion.ts). */
  decisionRule?: DecisionRule;
}

/** One window of one model in the result object. */
export interface WindowScore {
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

/** One slice value's entry: both scores, the improvement and, when guarded, whether the regression is allowed. */
export function sliceScore(
  input: Pick<DecisionSettings, 'spec' | 'guardSlices' | 'maxSliceRegression'>,
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
export function decideOutcome(input: DecisionSettings, scored: ScoredEvaluation): EvaluationOutcome {
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
