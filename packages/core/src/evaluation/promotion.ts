import { normalQuantile } from '../drift/power.js';
import type { MetricSpec } from '../metrics/registry.js';
import type { BootstrapResult } from './bootstrap.js';

/**
 * How evaluate-challenger decides (input `decision-rule`). `confident`: the challenger must be better in at least
 * `min-confidence` of the paired bootstrap resamples, besides the point thresholds; `point-estimate`: the point
 * estimate alone decides (the bootstrap is shown, not used), the rule before issue 18.
 */
export type DecisionRule = 'confident' | 'point-estimate';
export const DECISION_RULES: DecisionRule[] = ['confident', 'point-estimate'];

/** Default share of bootstrap resamples the challenger must win under `confident` (a one-sided 5 % test). */
export const DEFAULT_MIN_CONFIDENCE = 0.95;

/** A guard of the promotion decision (all must hold to promote). */
export interface PromotionGuard {
  name: string;
  holds: boolean;
  detail: string;
}

/** What the promotion decision rested on, stated for the reader. */
export interface PromotionEvidence {
  rule: DecisionRule;
  /** Challenger minus champion, oriented so positive is better. */
  improvement: number;
  /** improvement / |champion score| (MLflow's relative change); null when the champion scores 0. */
  relative_improvement: number | null;
  share_challenger_better: number | null;
  /** Required share under `confident`; null under `point-estimate`. */
  min_confidence: number | null;
  /** Standard deviation of the bootstrap improvements. */
  standard_error: number | null;
  /** True when the evidence meets the rule (the guards on slices aside). */
  enough: boolean;
  rows_evaluated: number;
  /** Rows the evaluation would need in total to reach min-confidence at the observed improvement (approximate). */
  rows_needed: number | null;
  statement: string;
}

export interface PromotionInput {
  spec: MetricSpec;
  challengerScore: number;
  championScore: number;
  improvement: number;
  rule: DecisionRule;
  minImprovement: number;
  minRelativeImprovement: number;
  minConfidence: number;
  bootstrap: BootstrapResult | null;
  rowsEvaluated: number;
}

const fmt = (v: number) => Number(v.toPrecision(6)).toString();
const pct = (v: number) => `${Number((v * 100).toPrecision(4))}%`;

/** Rows needed so that the observed margin over `minImprovement` is `z` standard errors (se shrinks as 1/√n). */
function rowsNeeded(input: PromotionInput, se: number | null): number | null {
  const margin = input.improvement - input.minImprovement;
  if (se === null || !(se > 0) || !(margin > 0)) return null;
  const z = normalQuantile(input.minConfidence);
  if (!(z > 0)) return null;
  return Math.ceil(input.rowsEvaluated * ((z * se) / margin) ** 2);
}

/** The score guards (point, relative, confidence) and the evidence statement of a champion/challenger decision. */
export function promotionDecision(input: PromotionInput): {
  guards: PromotionGuard[];
  evidence: PromotionEvidence;
} {
  const { spec, improvement: imp } = input;
  const dir = spec.higherIsBetter ? 'higher' : 'lower';
  const guards: PromotionGuard[] = [];
  const scoreHolds = input.minImprovement === 0 ? imp > 0 : imp >= input.minImprovement;
  guards.push({
    name: 'score',
    holds: scoreHolds,
    detail:
      input.minImprovement === 0
        ? `challenger ${fmt(input.challengerScore)} vs champion ${fmt(input.championScore)}, ${dir} is better and the challenger must be strictly better`
        : `challenger ${fmt(input.challengerScore)} vs champion ${fmt(input.championScore)}: improvement ${fmt(imp)} must be at least ${fmt(input.minImprovement)}`,
  });
  const relative = input.championScore !== 0 ? imp / Math.abs(input.championScore) : null;
  if (input.minRelativeImprovement > 0)
    guards.push({
      name: 'relative',
      holds: relative !== null && relative >= input.minRelativeImprovement,
      detail: `relative improvement ${relative === null ? 'undefined (champion scores 0)' : pct(relative)} must be at least ${pct(input.minRelativeImprovement)}`,
    });
  const share = input.bootstrap?.share_challenger_better ?? null;
  const se = input.bootstrap?.standard_error ?? null;
  const confident = input.rule === 'confident' && input.minConfidence > 0;
  // The influence interval has no resamples: its share is Φ(D/SE), stated as a probability.
  const influence = input.bootstrap?.method === 'influence';
  const ofResamples = (text: string, resamples = 'bootstrap resamples') =>
    influence ? `with probability ${text} (influence-function interval)` : `in ${text} of ${resamples}`;
  if (confident)
    guards.push({
      name: 'confidence',
      holds: share !== null && share >= input.minConfidence,
      detail: `challenger better ${ofResamples(share === null ? 'no' : `${fmt(share * 100)}%`)} (need ${fmt(input.minConfidence * 100)}%)`,
    });
  const enough = guards.every((g) => g.holds);
  const pointHolds = guards.every((g) => g.name === 'confidence' || g.holds);
  const needed = confident && !enough && pointHolds ? rowsNeeded(input, se) : null;
  const unit = spec.kind === 'group-ranking' ? 'rows (in whole groups)' : 'rows';
  let statement: string;
  if (!confident) {
    const why =
      input.rule === 'point-estimate'
        ? 'decision-rule: point-estimate'
        : input.bootstrap
          ? 'min-confidence: 0'
          : 'no bootstrap, so no confidence evidence';
    statement = `Decided on the point estimate (${why}): improvement ${fmt(imp)}${share === null ? '' : `; the challenger was better ${ofResamples(pct(share))} (shown, not used)`}.`;
  } else if (enough) {
    statement = `Enough evidence: the challenger is better ${ofResamples(pct(share!), `${input.bootstrap!.resamples} paired bootstrap resamples`)} (at least ${pct(input.minConfidence)} required), improvement ${fmt(imp)}.`;
  } else if (!pointHolds) {
    statement = `The challenger is not better by the required margin (improvement ${fmt(imp)}${share === null ? '' : `, better ${ofResamples(pct(share), 'resamples')}`}); more data would not change that at this effect.`;
  } else {
    const more =
      needed !== null
        ? ` At the observed improvement ${fmt(imp)} (${influence ? 'influence-function' : 'bootstrap'} standard error ${fmt(se!)}), about ${needed.toLocaleString('en-US')} ${unit} would be needed in total (${input.rowsEvaluated.toLocaleString('en-US')} now).`
        : '';
    statement = `Not enough evidence: the challenger is better ${ofResamples(share === null ? 'no' : pct(share))}, ${pct(input.minConfidence)} required.${more}`;
  }
  return {
    guards,
    evidence: {
      rule: input.rule,
      improvement: imp,
      relative_improvement: relative,
      share_challenger_better: share,
      min_confidence: confident ? input.minConfidence : null,
      standard_error: se,
      enough,
      rows_evaluated: input.rowsEvaluated,
      rows_needed: needed,
      statement,
    },
  };
}
