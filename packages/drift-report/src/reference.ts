import {
  type CategoryCounts,
  type FeatureSide,
  type NumericSummary,
  type NumericValues,
  SUMMARY_QUANTILES,
  summarizeNumeric,
  UserError,
} from '@mlops-actions/core';
import type { FeatureColumn } from './load.js';

/** A written reference summary (`write-reference`), read back as `reference` by later runs. */
export interface ReferenceSummary {
  schema_version: 1;
  kind: 'drift-reference';
  created_at: string;
  source: string;
  features: Record<
    string,
    | { type: 'numeric'; count: number; missing: number; mean: number; std: number; quantiles: number[] }
    | { type: 'categorical'; count: number; missing: number; counts: Record<string, number> }
  >;
}

/** The side of one feature made of the rows where `keep` is 1 (all rows when omitted). */
export function featureSide(column: FeatureColumn, keep?: Uint8Array): NumericValues | CategoryCounts {
  if (column.kind === 'numeric') {
    const values = column.numbers.values;
    const out = new Float64Array(column.length);
    let n = 0;
    let missing = 0;
    for (let i = 0; i < column.length; i++) {
      if (keep && !keep[i]) continue;
      const v = values[i]!;
      if (Number.isNaN(v)) missing++;
      else out[n++] = v;
    }
    return { kind: 'numeric', sorted: out.slice(0, n).sort(), missing };
  }
  const counts = new Map<string, number>();
  // One slot per dictionary code plus one for missing (-1 -> slot 0): a branch-free tally.
  const tally = new Float64Array(column.values.length + 1);
  const codes = column.codes;
  const n = codes.length;
  if (keep) for (let i = 0; i < n; i++) tally[codes[i]! + 1]! += keep[i]!;
  else for (let i = 0; i < n; i++) tally[codes[i]! + 1]!++;
  const missing = tally[0]!;
  for (let c = 1; c < tally.length; c++) if (tally[c]! > 0) counts.set(column.values[c - 1]!, tally[c]!);
  return { kind: 'categorical', counts, missing };
}

/** Reduce reference sides to the summary `write-reference` stores. */
export function toReferenceSummary(
  sides: Map<string, FeatureSide>,
  source: string,
  now: Date,
): ReferenceSummary {
  const features: ReferenceSummary['features'] = {};
  for (const [name, side] of sides) {
    if (side.kind === 'categorical')
      features[name] = {
        type: 'categorical',
        count: [...side.counts.values()].reduce((a, b) => a + b, 0),
        missing: side.missing,
        counts: Object.fromEntries(side.counts),
      };
    else {
      const s = side.kind === 'numeric' ? summarizeNumeric(side) : side;
      features[name] = {
        type: 'numeric',
        count: s.count,
        missing: s.missing,
        mean: s.mean,
        std: s.std,
        quantiles: s.quantiles,
      };
    }
  }
  return { schema_version: 1, kind: 'drift-reference', created_at: now.toISOString(), source, features };
}

/** Reference sides from a written summary. */
export function fromReferenceSummary(summary: ReferenceSummary): Map<string, FeatureSide> {
  const sides = new Map<string, FeatureSide>();
  for (const [name, f] of Object.entries(summary.features)) {
    if (f.type === 'categorical')
      sides.set(name, { kind: 'categorical', counts: new Map(Object.entries(f.counts)), missing: f.missing });
    else
      sides.set(name, {
        kind: 'numeric-summary',
        count: f.count,
        missing: f.missing,
        mean: f.mean,
        std: f.std,
        quantiles: f.quantiles,
      });
  }
  return sides;
}

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
