export {
  type MetricColumns,
  type MetricSpec,
  parseMetric,
} from './registry.js';
