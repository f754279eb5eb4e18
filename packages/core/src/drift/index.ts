export * from './compare.js';
export {
  type CategoryCounts,
  compareCategorical,
  compareNumeric,
  DRIFT_TESTS,
  type DriftTest,
  driftSeverity,
  type FeatureDrift,
  type FeatureSide,
  type NumericSummary,
  type NumericValues,
  SUMMARY_QUANTILES,
  summarizeNumeric,
} from './features.js';
export * from './model-monitor.js';
export * from './performance.js';
export * from './reference-summary.js';
export type { DriftResult, PerformanceWindow } from './result.js';
export * from './retrain.js';
export { QuantileSketch } from './sketch.js';
