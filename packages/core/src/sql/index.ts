export { athenaDialect, duckdbDialect, type SqlDialect } from './dialect.js';
export { planDriftPerformanceQuery } from './drift-performance-plan.js';
export { planFeatureSummaryQuery } from './drift-plan.js';
export { planEvaluationQuery } from './evaluation-plan.js';
export { isAthenaSource, parseAthenaSource } from './source.js';
