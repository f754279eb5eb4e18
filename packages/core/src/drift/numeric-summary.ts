import { type NumericSummary, type NumericValues, SUMMARY_QUANTILES } from './features.js';
import { quantileSorted, standardDeviation } from './stats.js';

/** Reduce exact numeric values to a summary (for `write-reference`). */
export function summarizeNumeric(values: NumericValues): NumericSummary {
  const n = values.sorted.length;
  const quantiles: number[] = [];
  for (let i = 0; i < SUMMARY_QUANTILES; i++)
    quantiles.push(n ? quantileSorted(values.sorted, i / (SUMMARY_QUANTILES - 1)) : 0);
  let mean = 0;
  for (const v of values.sorted) mean += v;
  mean = n ? mean / n : 0;
  return {
    kind: 'numeric-summary',
    count: n,
    missing: values.missing,
    mean,
    std: n ? standardDeviation(values.sorted) : 0,
    quantiles,
  };
}
