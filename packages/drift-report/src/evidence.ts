import type { DriftResult, FeatureDrift, FeatureSide, PerformanceWindow } from '@mlops-actions/core';
import type { EngineRun } from '@mlops-actions/github';

/** What either engine (rows on the runner, or Athena's summaries) hands to the verdict and the report. */
export interface DriftEvidence {
  asOf: number;
  windows: PerformanceWindow[];
  join: DriftResult['performance']['join'];
  /** Predictions in the current window (index 0). */
  currentCount: number;
  reference: { sides: Map<string, FeatureSide>; info: NonNullable<DriftResult['reference']> };
  /** The current window's side of each feature, in the order they are reported (built when compared). */
  current: (readonly [string, () => FeatureSide])[];
  prediction: FeatureDrift | null;
  /** Athena queries run (none for files): their cost goes in the summary. */
  engines: EngineRun[];
}
