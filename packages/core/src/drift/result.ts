import type { RunProvenance } from '../run-provenance.js';
import type { FeatureDrift } from './features.js';

/** One performance window of drift-report. */
export interface PerformanceWindow {
  k: number;
  /** Start (exclusive) and end (inclusive) of the window, ISO 8601. */
  start: string;
  end: string;
  rows: number;
  labeled: number;
  /** labeled / rows (null without rows). */
  coverage: number | null;
  /** The metric, or null when the window was not scored (see `skipped`). */
  value: number | null;
  skipped?: string;
}

/** The drift-report result object (`result-json`, `mlops drift-report --output-json`). */
export interface DriftResult {
  schema_version: 1;
  kind: 'drift-report';
  metric: string;
  higher_is_better: boolean;
  window: string;
  as_of: string;
  performance: {
    windows: PerformanceWindow[];
    /** The newest scored window (the latest window alone when it is scored). */
    latest: PerformanceWindow | null;
    min_label_coverage: number;
    join: { predictions: number; outcomes: number; matched: number } | null;
  };
  retrain: boolean;
  retrain_reason: string;
  rules: {
    min_metric: number | null;
    baseline_metric: number | null;
    baseline_source: string | null;
    max_drop: number | null;
  };
  features: Record<string, FeatureDrift>;
  prediction: FeatureDrift | null;
  drifted_features: string[];
  dataset_drift: boolean;
  drift_share: number;
  drift_share_threshold: number;
  reference: { source: string; kind: 'data' | 'summary' | 'model-monitor' | 'older-windows' } | null;
  current: { rows: number; start: string; end: string };
  warnings: string[];
  run: RunProvenance;
  created_at: string;
}
