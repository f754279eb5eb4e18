export { estimatePerformance, type PerformanceEstimate } from './cbpe.js';
export { evaluateChampionChallenger, scoreModel } from './evaluate.js';
export {
  DECISION_RULES,
  DEFAULT_MIN_CONFIDENCE,
  type DecisionRule,
  type PromotionEvidence,
} from './promotion.js';
export { seededRandom } from './random.js';
export type { EvaluationResult } from './result.js';
export { assignWindows, rowsByWindow, windowBounds } from './windows.js';
