import type { RunProvenance } from '../run-provenance.js';
import type { EvaluationOutcome } from './outcome.js';

/** The evaluate-challenger result object (the contract read by promote-model and drift-report). */
export interface EvaluationResult extends EvaluationOutcome {
  schema_version: 1;
  kind: 'evaluation';
  metric: string;
  metric_reference: string;
  higher_is_better: boolean;
  gamma: number;
  normalize: boolean;
  window: string;
  max_windows: number;
  /** End of window 0, ISO 8601. */
  as_of: string;
  threshold?: number;
  min_improvement: number;
  data: {
    challenger_rows: number;
    champion_rows: number | null;
    joined_rows: number;
    join_rate: number | null;
  };
  inputs: Record<string, string | number | boolean | null>;
  /** The challenger's registered model package (evaluate-challenger's `model-package-arn`), which promote-model looks up. */
  model_package_arn?: string;
  run: RunProvenance;
  created_at: string;
}
