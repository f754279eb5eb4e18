// Drift wording shared by the Markdown (drift.ts) and the HTML (drift-html.ts) reports: internal to this package.
import type { DriftResult, FeatureDrift, PerformanceWindow } from '@mlops-actions/core';
import { formatNumber } from './markdown.js';

/** The effect in a person's units, its minimum, and the smallest shift this run could have detected. */
export function effectText(f: FeatureDrift): string {
  if (!f.effect || f.p_value === null) return '–';
  const [scale, unit] = f.effect.measure === 'wasserstein-sd' ? [1, ' σ'] : [100, ' pts'];
  const show = (v: number) => `${formatNumber(v * scale, 2)}${unit}`;
  return `${show(f.effect.value)} (min ${show(f.effect.minimum)}${f.detectable_shift != null ? `; detectable ${show(f.detectable_shift)}` : ''})`;
}

/** When a feature counts as drifted under the run's policy: the correction across features and the minimum effects. */
export function policyText(policy: NonNullable<DriftResult['drift_policy']>): string {
  const adjusted =
    policy.correction === 'none'
      ? 'p-value'
      : `${policy.correction === 'holm' ? 'Holm' : 'Benjamini-Hochberg'}-adjusted p-value (${policy.tests_corrected} tests)`;
  const minimum = policy.min_window_rows
    ? ` A feature with fewer than ${policy.min_window_rows} values in the current window or the reference gets no verdict (insufficient data).`
    : '';
  return `A feature drifts when its ${adjusted} is below its threshold and the effect reaches its minimum (${formatNumber(policy.min_shift)} σ numeric, ${formatNumber(policy.min_level_move * 100)} points categorical).${minimum}`;
}

/** A feature's verdict in words: drift, ok, or insufficient data (fewer values on a side than min-window-rows). */
export function verdictText(f: FeatureDrift): 'drift' | 'ok' | 'insufficient data' {
  if (f.insufficient_data) return 'insufficient data';
  return f.drift ? 'drift' : 'ok';
}

/** A window without labels yet, as its confidence-based estimate: "≈ 0.71 estimated (95%: 0.66 – 0.75; why)". */
export function estimateText(w: PerformanceWindow, fmt: (v: number | null) => string): string {
  const est = w.estimated!;
  return `≈ ${fmt(est.value)} estimated (95%: ${fmt(est.low)} – ${fmt(est.high)}; ${w.skipped ?? 'not scored'})`;
}
