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
}

/** Holm: the report promises a bound on the chance of any false alarm in a run, which is what Holm controls. */
export const DEFAULT_DRIFT_POLICY: DriftPolicy = {
  correction: 'holm',
  minShift: DEFAULT_MIN_SHIFT,
  minLevelMove: DEFAULT_MIN_LEVEL_MOVE,
};

/** The policy as written in the drift-report result. */
export interface DriftPolicyRecord {
  correction: Correction;
  min_shift: number;
  min_level_move: number;
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
  const family = [...features.values()].filter((f) => isPValueTest(f.test) && f.p_value !== null);
  const adjusted = adjustPValues(
    family.map((f) => f.p_value!),
    policy.correction,
  );
  const out = new Map(features);
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
    tests_corrected: [...features.values()].filter((f) => isPValueTest(f.test) && f.p_value !== null).length,
  };
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
