import {
  DEFAULT_MIN_LEVEL_MOVE,
  DEFAULT_MIN_SHIFT,
  detectableShift,
  type FeatureDrift,
  isPValueTest,
} from './features.js';
import { adjustPValues, type Correction, firstStepLevel } from './multiple-testing.js';

/** How drift-report turns per-feature tests into verdicts (inputs `correction`, `min-shift`, `min-level-move`). */
export interface DriftPolicy {
  correction: Correction;
  /** Numeric features: smallest Wasserstein distance / reference σ that counts (0.1 = a 0.1 σ mean shift). */
  minShift: number;
  /** Categorical features: smallest move of a level's share that counts (0.05 = 5 points). */
  minLevelMove: number;
  /**
   * Fewest values a feature needs on each side (current window and reference) for a verdict: below it the feature
   * is "insufficient data", never drift, and stays out of the correction (input `min-window-rows`).
   */
  minRows: number;
}

/**
 * 100 values per side: with fewer, the KS test can only find shifts many times `min-shift` (its detectable mean shift
 * at α = 0.05, power 0.8, ksDetectableShift: 0.45 σ with 100 current values against any reference size, 0.64 σ at 100
 * against 100), and a stray sliver of data (a far-future timestamp, a backfill of a few rows) would decide the report.
 */
const DEFAULT_MIN_WINDOW_ROWS = 100;

/** Holm: the report promises a bound on the chance of any false alarm in a run, which is what Holm controls. */
export const DEFAULT_DRIFT_POLICY: DriftPolicy = {
  correction: 'holm',
  minShift: DEFAULT_MIN_SHIFT,
  minLevelMove: DEFAULT_MIN_LEVEL_MOVE,
  minRows: DEFAULT_MIN_WINDOW_ROWS,
};

/** The policy as written in the drift-report result. */
export interface DriftPolicyRecord {
  correction: Correction;
  min_shift: number;
  min_level_move: number;
  /** Fewest values per side for a verdict (features with fewer are `insufficient_data`). */
  min_window_rows: number;
  /** Features tested by p-value (the family the correction covers). */
  tests_corrected: number;
}

/**
 * Final verdicts across features: the p-values of the p-value tests (KS, chi-square) are adjusted together, and a
 * feature drifts only when its adjusted p-value is below its threshold AND its effect reaches the minimum. Distance
 * tests a user chose (wasserstein, jensenshannon, psi) keep their own threshold and are not in the family.
 */
export function decideFeatureDrift(
  features: ReadonlyMap<string, FeatureDrift>,
  policy: DriftPolicy = DEFAULT_DRIFT_POLICY,
): Map<string, FeatureDrift> {
  const out = new Map<string, FeatureDrift>();
  for (const [name, f] of features) {
    const fewest = Math.min(f.current.count, f.reference.count);
    out.set(
      name,
      fewest < policy.minRows
        ? { ...f, drift: false, p_value_adjusted: null, insufficient_data: { minimum: policy.minRows } }
        : f,
    );
  }
  const family = inFamily(out);
  const adjusted = adjustPValues(
    family.map((f) => f.p_value!),
    policy.correction,
  );
  family.forEach((f, i) => {
    const effect = {
      ...f.effect,
      minimum: f.type === 'numeric' ? policy.minShift : policy.minLevelMove,
    };
    const decided: FeatureDrift = {
      ...f,
      p_value_adjusted: adjusted[i]!,
      effect,
      drift: adjusted[i]! < f.threshold && effect.value >= effect.minimum,
    };
    decided.detectable_shift = detectableShift(
      decided,
      firstStepLevel(f.threshold, family.length, policy.correction),
    );
    out.set(f.name, decided);
  });
  return out;
}

/** The record of the policy applied to these features (for the result object). */
export function driftPolicyRecord(
  features: ReadonlyMap<string, FeatureDrift>,
  policy: DriftPolicy = DEFAULT_DRIFT_POLICY,
): DriftPolicyRecord {
  return {
    correction: policy.correction,
    min_shift: policy.minShift,
    min_level_move: policy.minLevelMove,
    min_window_rows: policy.minRows,
    tests_corrected: inFamily(features).length,
  };
}

/** The features the correction covers: p-value tests with a p-value, on enough data for a verdict. */
function inFamily(features: ReadonlyMap<string, FeatureDrift>): FeatureDrift[] {
  return [...features.values()].filter(
    (f) => isPValueTest(f.test) && f.p_value !== null && !f.insufficient_data,
  );
}

/** How far past its threshold a feature is (for sorting the report): >1 drifted, larger is worse. */
export function driftSeverity(f: FeatureDrift): number {
  if (isPValueTest(f.test)) {
    const p = f.p_value_adjusted ?? f.p_value ?? 1;
    const significance = p <= 0 ? Number.MAX_VALUE : f.threshold / p;
    // Both the evidence and the size must pass: the weaker of the two says how far past the line the feature is.
    return f.effect.minimum > 0 ? Math.min(significance, f.effect.value / f.effect.minimum) : significance;
  }
  return f.threshold > 0 ? f.statistic / f.threshold : f.statistic;
}
