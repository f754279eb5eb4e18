/** Result objects for report tests (unit and browser): realistic shapes, hostile names, any number of features. */
import type { DriftResult, EvaluationResult, FeatureDrift } from '@mlops-actions/core';

/** Names that must render as text: HTML, a workflow command, a mention, Markdown and Mermaid syntax. */
export const HOSTILE_NAMES = [
  '<script>alert(1)</script>',
  '##[warning]boom',
  '@octocat',
  'a"]; x-axis [ "b',
  '`code` **bold** [link](http://e.vil)',
];

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const AS_OF = Date.parse('2026-11-22T00:00:00Z');

/** A numeric feature with decile bins; `shift` moves the current distribution right. */
function numericFeature(name: string, shift: number, index = 0): FeatureDrift {
  const edges = [84, 199.8, 284, 349, 414, 487.4, 558, 645, 754.1].map((e) => e + index);
  const bins = [`< ${edges[0]}`, ...edges.slice(1).map((e, i) => `${edges[i]} – ${e}`), `≥ ${edges[8]}`];
  const current = bins.map((_, i) => Math.max(0, 0.1 + shift * (i < 3 ? 0.2 : -0.0857)));
  const total = current.reduce((a, b) => a + b, 0);
  return {
    name,
    type: 'numeric',
    test: 'wasserstein',
    statistic: shift,
    p_value: null,
    p_value_adjusted: null,
    effect: { measure: 'wasserstein-sd', value: shift, minimum: 0.1 },
    detectable_shift: null,
    threshold: 0.1,
    drift: shift >= 0.1,
    method: 'exact',
    psi: shift * 2,
    reference: { count: 3000, missing: 0, missing_share: 0 },
    current: { count: 400, missing: 4, missing_share: 0.0099 },
    histogram: { bins, reference: bins.map(() => 0.1), current: current.map((c) => c / total) },
  };
}

/** A categorical feature with an unseen category. */
function categoricalFeature(name: string, drift: boolean): FeatureDrift {
  return {
    name,
    type: 'categorical',
    test: 'chisquare',
    statistic: drift ? 41.2 : 1.3,
    p_value: drift ? 0.00001 : 0.52,
    p_value_adjusted: drift ? 0.00005 : 1,
    effect: { measure: 'max-level-move', value: drift ? 0.3 : 0.02, minimum: 0.05 },
    detectable_shift: 0.07,
    threshold: 0.05,
    drift,
    method: 'exact',
    psi: drift ? 0.59 : 0.02,
    reference: { count: 3000, missing: 30, missing_share: 0.0099 },
    current: { count: 400, missing: 0, missing_share: 0 },
    unseen_categories: { count: 12, values: ['<b>kiosk</b>'] },
    histogram: {
      bins: ['app', 'web', 'store', 'a rather long category name that must stay whole'],
      reference: [0.5, 0.3, 0.15, 0.05],
      current: drift ? [0.2, 0.6, 0.1, 0.1] : [0.48, 0.32, 0.15, 0.05],
    },
  };
}

/** A drift result over 12 weekly windows, the older nine empty, with `features` features (hostile names first). */
export function syntheticDriftResult(options: { features?: number; names?: string[] } = {}): DriftResult {
  const names = options.names ?? HOSTILE_NAMES;
  const count = options.features ?? names.length + 2;
  const features: Record<string, FeatureDrift> = {};
  for (let i = 0; i < count; i++) {
    const name = names[i] ?? `feature_${String(i).padStart(3, '0')}`;
    // The hostile names drift, so they reach every chart and histogram.
    const shift = i < names.length ? 0.25 : (i % 5) * 0.08;
    features[name] =
      i % 3 === 2
        ? categoricalFeature(name, i < names.length || i % 2 === 0)
        : numericFeature(name, shift, i);
  }
  const windows = Array.from({ length: 12 }, (_, k) => {
    const rows = k < 3 ? 400 : 0;
    return {
      k,
      start: iso(AS_OF - (k + 1) * 7 * DAY),
      end: iso(AS_OF - k * 7 * DAY),
      rows,
      labeled: rows,
      coverage: rows ? 1 : null,
      value: rows ? [0.467, 0.514, 0.503][k]! : null,
      ...(rows ? {} : { skipped: 'no predictions' }),
    };
  });
  const drifted = Object.values(features)
    .filter((f) => f.drift)
    .map((f) => f.name);
  return {
    schema_version: 1,
    kind: 'drift-report',
    metric: 'average-precision',
    higher_is_better: true,
    window: '7d',
    as_of: iso(AS_OF),
    performance: {
      windows,
      latest: windows[0]!,
      min_label_coverage: 0.8,
      join: { predictions: 1200, outcomes: 1200, matched: 1200 },
    },
    retrain: true,
    retrain_reason:
      'Retrain: min-metric: average-precision 0.467 in the latest scored window is worse than min-metric 0.5.',
    rules: { min_metric: 0.5, baseline_metric: null, baseline_source: null, max_drop: null },
    features,
    excluded_features: [{ name: 'customer_id', reason: '100% unique values in the reference' }],
    prediction: numericFeature('score', 0.05),
    drifted_features: drifted,
    dataset_drift: drifted.length / count >= 0.5,
    drift_share: drifted.length / count,
    drift_share_threshold: 0.5,
    reference: { source: 'reference.csv', kind: 'data' },
    current: { rows: 400, start: iso(AS_OF - 7 * DAY), end: iso(AS_OF) },
    warnings: ['1 row of <predictions.csv> skipped: @octocat'],
    run: {
      repository: 'o/r',
      run_id: '42',
      run_attempt: 1,
      run_url: 'https://github.com/o/r/actions/runs/42',
      event: 'schedule',
      sha: 'b2c3d4e5f60718293a4b5c6d7e8f901234567890',
      actor: null,
    },
    created_at: iso(AS_OF + DAY),
  };
}

/** An evaluation result with empty older windows, hostile slice values and a bootstrap interval. */
export function syntheticEvaluationResult(): EvaluationResult {
  const windows = (values: (number | null)[]) =>
    values.map((value, k) => ({
      k,
      start: iso(AS_OF - (k + 1) * 7 * DAY),
      end: iso(AS_OF - k * 7 * DAY),
      rows: value === null ? 0 : 400,
      value,
      weight: 0.8 ** k,
      ...(value === null ? { skipped: 'no rows' } : {}),
    }));
  const champion = [0.467, 0.514, 0.503, ...Array(9).fill(null)];
  const challenger = [0.691, 0.758, 0.743, ...Array(9).fill(null)];
  return {
    schema_version: 1,
    kind: 'evaluation',
    metric: 'average-precision',
    metric_reference: 'sklearn.metrics.average_precision_score',
    higher_is_better: true,
    gamma: 0.8,
    normalize: true,
    window: '7d',
    max_windows: 12,
    as_of: iso(AS_OF),
    min_improvement: 0,
    decision: 'promote',
    reason: 'The challenger beats the champion and every guard holds.',
    evidence: {
      rule: 'confident',
      improvement: 0.2343,
      relative_improvement: 0.4762,
      share_challenger_better: 1,
      min_confidence: 0.95,
      standard_error: 0.0224,
      enough: true,
      rows_evaluated: 1200,
      rows_needed: null,
      statement: 'The challenger is better in 100% of 1000 bootstrap resamples (at least 95% required).',
    },
    champion: { score: 0.492, windows: windows(champion) },
    challenger: { score: 0.7264, windows: windows(challenger) },
    improvement: 0.2344,
    slices: HOSTILE_NAMES.slice(0, 3).map((value, i) => ({
      column: 'channel',
      value,
      rows: 400 - i * 100,
      champion: 0.4 + i * 0.1,
      challenger: 0.45 + i * 0.08,
      improvement: 0.05 - i * 0.02,
      guarded: i === 2,
      ...(i === 2 ? { holds: false } : {}),
    })),
    slices_truncated: [],
    bootstrap: {
      resamples: 1000,
      undefined_resamples: 0,
      low: 0.186,
      high: 0.2738,
      share_challenger_better: 1,
      standard_error: 0.0224,
      seed: 42,
    },
    guards: [{ name: 'score', holds: true, detail: 'challenger 0.7264 vs champion 0.492' }],
    rows_evaluated: 1200,
    data: { challenger_rows: 1200, champion_rows: 1200, joined_rows: 1200, join_rate: 1 },
    inputs: {},
    run: {
      repository: 'o/r',
      sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      run_id: '42',
      run_attempt: 1,
      run_url: 'https://github.com/o/r/actions/runs/42',
      event: 'pull_request',
      actor: 'dev',
    },
    created_at: iso(AS_OF + DAY),
  };
}
