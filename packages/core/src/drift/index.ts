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
export type { DriftResult, PerformanceWindow } from './result.js';
export { QuantileSketch } from './sketch.js';
