export { compareCategorical } from './categorical.js';
export * from './compare.js';
export {
  DEFAULT_DRIFT_POLICY,
  type DriftPolicy,
  decideFeatureDrift,
  driftPolicyRecord,
  driftSeverity,
} from './decision.js';
export { featureSidesFromRows, type PerformanceCounts, performanceCountsFromRows } from './engine-summary.js';
export { estimateUnlabelledWindows, windowForRetrainRules } from './estimated-performance.js';
export {
  type CategoryCounts,
  compareNumeric,
  DRIFT_TESTS,
  type DriftTest,
  type FeatureDrift,
  type FeatureSide,
  type NumericSummary,
  type NumericValues,
} from './features.js';
export * from './id-like.js';
export * from './model-monitor.js';
export { CORRECTIONS } from './multiple-testing.js';
export { summarizeNumeric } from './numeric-summary.js';
export * from './performance.js';
export * from './reference-summary.js';
export type { DriftResult, PerformanceWindow } from './result.js';
export * from './retrain.js';
export { QuantileSketch, type QuantileSketchState } from './sketch.js';
