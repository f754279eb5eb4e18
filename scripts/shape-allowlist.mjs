// Findings of scripts/shape.mjs that are known and being removed on other branches (issue 16). Each key is printed
// by `node scripts/shape.mjs` exactly as it appears here; delete an entry when its branch is merged (the script lists
// entries that are no longer found). Nothing new goes here: fix the finding instead.
export const allowedFindings = [
  // packages/core: the core-exports branch slims core's public names (SciPy internals and constants).
  'unused export packages/core/src/drift/features.ts NUMERIC_TESTS',
  'unused export packages/core/src/drift/features.ts CATEGORICAL_TESTS',
  'unused export packages/core/src/drift/features.ts DEFAULT_THRESHOLDS',
  'unused export packages/core/src/drift/sketch.ts SKETCH_K',
  'unused export packages/core/src/metrics/classification.ts LOG_LOSS_EPS',
  'unused export packages/core/src/metrics/classification.ts confusionAtThreshold',
  'unused export packages/core/src/metrics/ranking.ts apAtK',
  'unused export packages/core/src/metrics/ranking.ts ndcgOfGroup',
  'unused export packages/core/src/metrics/registry.ts METRIC_NAMES',
  'unused exported type packages/core/src/evaluation/evaluate.ts WindowScore',
  'unused exported type packages/core/src/evaluation/evaluate.ts SliceColumn',
  'unused exported type packages/core/src/metrics/registry.ts MetricKind',
  // Merged from the core/data branches (core's and data's sub-indexes re-export names no package imports yet):
  // for their owners to drop or use.
  'unused export packages/core/src/drift/index.ts SUMMARY_QUANTILES',
  'unused export packages/core/src/evaluation/index.ts windowBounds',
  'unused export packages/core/src/metrics/index.ts computeMetric',
  'unused export packages/core/src/metrics/index.ts improvement',
  'unused export packages/core/src/metrics/index.ts isBetter',
  'unused export packages/core/src/metrics/index.ts prepareRows',
  'unused exported type packages/data/src/index.ts ReadOptions',
];
