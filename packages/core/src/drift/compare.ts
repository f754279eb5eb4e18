import { UserError } from '../errors.js';
import { sortFloat64 } from '../table/sort.js';
import { compareCategorical } from './categorical.js';
import {
  type CategoryCounts,
  compareNumeric,
  type DriftTest,
  type FeatureDrift,
  type FeatureSide,
  type NumericValues,
} from './features.js';

/** Which test each feature uses and the thresholds, keyed by feature name or by test name (`tests`, `thresholds`). */
export interface ComparisonRules {
  tests: ReadonlyMap<string, DriftTest>;
  thresholds: ReadonlyMap<string, number>;
}

/** A numeric current side compared as categories (a reference that is categorical): each number becomes its text. */
function asCategories(side: NumericValues): CategoryCounts {
  const counts = new Map<string, number>();
  for (const v of side.sorted) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  return { kind: 'categorical', counts, missing: side.missing };
}

/**
 * Compare one feature's current side against its reference side with the feature's test and threshold. The
 * threshold is the feature's own, else that of its configured test, else that of the test chosen by default (known
 * only once the sample sizes are seen, hence the second comparison). A numeric reference with text current data is
 * a user error naming the feature.
 */
export function compareFeature(
  name: string,
  reference: FeatureSide,
  current: FeatureSide,
  rules: ComparisonRules = { tests: new Map(), thresholds: new Map() },
): FeatureDrift {
  const test = rules.tests.get(name);
  const threshold = rules.thresholds.get(name) ?? (test ? rules.thresholds.get(test) : undefined);
  let compare: (options: { test?: DriftTest; threshold?: number }) => FeatureDrift;
  if (reference.kind === 'categorical') {
    if (current.kind === 'numeric-summary')
      throw new UserError(
        `Feature "${name}" is categorical in the reference but was summarised as numeric in the current data.`,
        { hint: 'List the feature in `categorical-features` so both sides are read as categories.' },
      );
    const cur = current.kind === 'numeric' ? asCategories(current) : current;
    compare = (options) => compareCategorical(name, reference, cur, options);
  } else {
    if (current.kind === 'categorical') {
      const example = current.counts.keys().next().value ?? '';
      throw new UserError(
        `Feature "${name}" is numeric in the reference but text in the current data (e.g. ${JSON.stringify(example)}).`,
        {
          hint: 'Fix the current data, or list the feature in `categorical-features` to compare it as categories.',
        },
      );
    }
    compare = (options) => compareNumeric(name, reference, current, options);
  }
  const drift = compare({ test, threshold });
  const testThreshold = rules.thresholds.get(drift.test);
  if (threshold === undefined && testThreshold !== undefined)
    return compare({ test: drift.test, threshold: testThreshold });
  return drift;
}

/** Compare every current feature against the reference; a feature missing from the reference is a user error. */
export function compareFeatures(
  reference: ReadonlyMap<string, FeatureSide>,
  current: Iterable<readonly [string, FeatureSide]>,
  rules: ComparisonRules,
): Map<string, FeatureDrift> {
  const out = new Map<string, FeatureDrift>();
  for (const [name, side] of current) {
    const ref = reference.get(name);
    if (!ref)
      throw new UserError(`Feature "${name}" is not in the reference.`, {
        hint: 'List the features to compare in `features`, or use a reference with the same columns.',
      });
    out.set(name, compareFeature(name, ref, side, rules));
  }
  return out;
}

/** Whether any reference side holds a value (without one there is nothing to compare against). */
export function hasReferenceValues(reference: ReadonlyMap<string, FeatureSide>): boolean {
  for (const s of reference.values())
    if ((s.kind === 'numeric' ? s.sorted.length : s.kind === 'numeric-summary' ? s.count : s.counts.size) > 0)
      return true;
  return false;
}

/** Dataset drift: the drifted features, their share, and whether the share reaches `threshold`. */
export function datasetDrift(
  features: ReadonlyMap<string, FeatureDrift>,
  threshold: number,
): { drifted: string[]; share: number; drift: boolean } {
  const drifted = [...features.values()].filter((f) => f.drift).map((f) => f.name);
  // The share is of the features with a verdict: one on too little data is neither drifted nor stable.
  let total = 0;
  for (const f of features.values()) if (!f.insufficient_data) total++;
  const share = total ? drifted.length / total : 0;
  return { drifted, share, drift: total > 0 && share >= threshold };
}

/** Drift of the model's scores: the current window (index 0) against the older windows; null without older scores. */
export function predictionDrift(
  name: string,
  scores: Float64Array,
  windowIndex: Int32Array,
): FeatureDrift | null {
  const older = scores.filter((_, i) => windowIndex[i]! > 0);
  if (older.length === 0) return null;
  const side = (a: Float64Array): NumericValues => ({
    kind: 'numeric',
    sorted: sortFloat64(a.filter((v) => !Number.isNaN(v))),
    missing: 0,
  });
  return compareFeature(name, side(older), side(scores.filter((_, i) => windowIndex[i] === 0)));
}
