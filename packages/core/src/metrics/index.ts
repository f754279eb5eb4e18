export {
  computeMetric,
  improvement,
  isBetter,
  type MetricColumns,
  type MetricSpec,
  parseMetric,
  prepareRows,
} from './registry.js';
