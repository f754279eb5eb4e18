import { UserError } from '../errors.js';
import { type FeatureSide, type NumericSummary, SUMMARY_QUANTILES } from './features.js';

interface MonitorFeature {
  name: string;
  inferred_type?: string;
  numerical_statistics?: {
    common?: { num_present?: number; num_missing?: number };
    mean?: number;
    std_dev?: number;
    min?: number;
    max?: number;
    distribution?: { kll?: { buckets?: { lower_bound: number; upper_bound: number; count: number }[] } };
  };
  string_statistics?: {
    common?: { num_present?: number; num_missing?: number };
    distribution?: { categorical?: { buckets?: { value: string; count: number }[] } };
  };
}

/**
 * Reference sides from a SageMaker Model Monitor baseline `statistics.json`. Numeric features: the KLL sketch's
 * buckets (count per [lower, upper]) give the CDF, taken as uniform within a bucket, from which SUMMARY_QUANTILES
 * quantiles are read; categorical features: the category frequencies. Limits: Model Monitor keeps 10 KLL buckets by
 * default, so KS and Wasserstein against a baseline are approximate (the report says `summary`).
 */
export function fromModelMonitorStatistics(statistics: unknown, path: string): Map<string, FeatureSide> {
  const features = (statistics as { features?: MonitorFeature[] })?.features;
  if (!Array.isArray(features))
    throw new UserError(`${path} is not a Model Monitor statistics.json: it has no "features" list.`);
  const sides = new Map<string, FeatureSide>();
  for (const f of features) {
    if (f.numerical_statistics) {
      const s = f.numerical_statistics;
      const buckets = s.distribution?.kll?.buckets ?? [];
      const total = buckets.reduce((n, b) => n + b.count, 0);
      if (total === 0) continue;
      const quantiles: number[] = [];
      for (let i = 0; i < SUMMARY_QUANTILES; i++) {
        const target = (i / (SUMMARY_QUANTILES - 1)) * total;
        let seen = 0;
        let value = buckets[buckets.length - 1]!.upper_bound;
        for (const b of buckets) {
          if (b.count > 0 && seen + b.count >= target) {
            value = b.lower_bound + ((target - seen) / b.count) * (b.upper_bound - b.lower_bound);
            break;
          }
          seen += b.count;
        }
        quantiles.push(value);
      }
      sides.set(f.name, {
        kind: 'numeric-summary',
        count: s.common?.num_present ?? total,
        missing: s.common?.num_missing ?? 0,
        mean: s.mean ?? 0,
        std: s.std_dev ?? 0,
        quantiles,
      } satisfies NumericSummary);
    } else if (f.string_statistics) {
      const buckets = f.string_statistics.distribution?.categorical?.buckets ?? [];
      sides.set(f.name, {
        kind: 'categorical',
        counts: new Map(buckets.map((b) => [String(b.value), b.count])),
        missing: f.string_statistics.common?.num_missing ?? 0,
      });
    }
  }
  return sides;
}
