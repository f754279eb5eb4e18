export * from './as-of.js';
export {
  type BootstrapInput,
  type BootstrapResult,
  bootstrapTask,
  planBootstrap,
  summariseBootstrap,
} from './bootstrap.js';
export { INTERVAL_METHODS, type IntervalMethodSetting } from './bootstrap-influence.js';
export { estimatePerformance } from './cbpe.js';
export {
  type EvaluationInput,
  evaluateChampionChallenger,
  evaluationBootstrap,
  scoreModel,
} from './evaluate.js';
export * from './join.js';
export { type IdBytes, idHash, partitionIds } from './join-ids.js';
export * from './ledger-record.js';
export type { EvaluationOutcome } from './outcome.js';
export {
  DECISION_RULES,
  DEFAULT_MIN_CONFIDENCE,
  type DecisionRule,
} from './promotion.js';
export { seededRandom } from './random.js';
export type { EvaluationResult } from './result.js';
export { checkSummary, evaluateSummary, readEvaluationSummary, type SummaryRow } from './summary.js';
export { assignWindows, rowsByWindow, type WindowPlan } from './windows.js';
