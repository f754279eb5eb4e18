import type { S3Location } from '@mlops-actions/aws';
import {
  CORRECTIONS,
  DRIFT_TESTS,
  type DriftPolicy,
  type DriftTest,
  type MetricSpec,
  parseMetric,
  UserError,
} from '@mlops-actions/core';
import type { Format } from '@mlops-actions/data';
import { s3PrefixInput } from '@mlops-actions/data/s3-uri';
import {
  type AthenaSettings,
  type CdcInputs,
  type InputReader,
  parseAthenaInputs,
  parseCdcInputs,
  quote,
} from '@mlops-actions/github';

/** Parsed, validated inputs of drift-report. */
export interface DriftInputs {
  predictions: string;
  outcomes: string | undefined;
  reference: string | undefined;
  format: Format;
  metric: MetricSpec;
  columns: { id: string; timestamp: string; score: string; label: string; group: string | undefined };
  features: string[];
  categorical: string[];
  tests: Map<string, DriftTest>;
  thresholds: Map<string, number>;
  /** Correction across features and minimum effects (core's decideFeatureDrift). */
  driftPolicy: DriftPolicy;
  retrainOnEstimated: boolean;
  windowMs: number;
  windowText: string;
  maxWindows: number;
  asOf: number | undefined;
  /** Period read from partitioned s3:// predictions and outcomes, in ms (the `lookback` input). */
  lookbackMs: number | undefined;
  minLabelCoverage: number;
  minMetric: number | undefined;
  baseline: { value: number } | { path: string } | undefined;
  maxDrop: number | undefined;
  driftShare: number;
  maxBadRecords: number;
  /** DMS output among the data inputs is read as its live rows (undefined: `cdc-key` not set). */
  cdc: CdcInputs | undefined;
  maxRecordBytes: number;
  writeReference: string | undefined;
  referenceExactLimit: number;
  /** Unset only in the CLI when not asked for (see cliDefault). */
  reportDir: string | undefined;
  /** The s3:// prefix the HTML report is uploaded under. */
  reportUri: S3Location | undefined;
  issueOnDrift: boolean;
  issueLabel: string;
  dispatchWorkflow: string | undefined;
  dispatchRef: string | undefined;
  commentOnPr: boolean;
  commentHeader: string;
  /** Unset only in the CLI when not asked for (see cliDefault). */
  resultPath: string | undefined;
  /** For athena:// sources. */
  athena: AthenaSettings;
}

/** `lookback`, which must hold the current window at least. */
function lookback(ms: number | undefined, windowMs: number, text: string): number | undefined {
  if (ms !== undefined && ms < windowMs)
    throw new UserError(
      `Input "lookback": ${quote(text)} is shorter than \`window\`; it must cover at least the current window (e.g. window × max-windows).`,
    );
  return ms;
}

/** The one input parser of drift-report (the action and `mlops drift-report` both use it). */
export function parseInputs(r: InputReader): DriftInputs {
  const threshold = r.requiredNumber('threshold');
  const metric = parseMetric(r.string('metric'), threshold);
  const group = r.optionalString('group-column');
  if (metric.kind === 'group-ranking' && !group)
    throw new UserError(
      `Metric "${metric.name}" ranks within groups: set \`group-column\` (e.g. a customer id).`,
    );
  const tests = new Map<string, DriftTest>();
  for (const [column, test] of r.yamlEntries('tests')) {
    if (!DRIFT_TESTS.includes(test as DriftTest))
      throw new UserError(
        `Input "tests": unknown test ${quote(test)} for ${quote(column)}; use one of ${DRIFT_TESTS.join(', ')}.`,
      );
    tests.set(column, test as DriftTest);
  }
  const thresholds = new Map<string, number>();
  for (const [key, value] of r.yamlEntries('thresholds')) {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0)
      throw new UserError(
        `Input "thresholds": the value of ${quote(key)} must be a non-negative number, got ${quote(value)}.`,
      );
    thresholds.set(key, n);
  }
  const baselineText = r.optionalString('baseline-metric');
  let baseline: DriftInputs['baseline'];
  if (baselineText !== undefined)
    baseline = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(baselineText)
      ? { value: Number(baselineText) }
      : { path: baselineText };
  const maxDrop = r.number('max-drop', { min: 0 });
  if (maxDrop !== undefined && !baseline)
    throw new UserError(
      'Input "max-drop" needs a baseline: set `baseline-metric` to a number or to an evaluation result JSON.',
    );
  const format = r.choice('format', ['auto', 'csv', 'tsv', 'jsonl', 'parquet', 'data-capture'] as const);
  return {
    predictions: r.string('predictions'),
    outcomes: r.optionalString('outcomes'),
    reference: r.optionalString('reference'),
    format,
    metric,
    columns: {
      id: r.string('id-column'),
      timestamp: r.string('timestamp-column'),
      score: r.string('score-column'),
      label: r.string('label-column'),
      group,
    },
    features: r.list('features'),
    categorical: r.list('categorical-features'),
    tests,
    thresholds,
    driftPolicy: {
      correction: r.choice('correction', CORRECTIONS),
      minShift: r.requiredNumber('min-shift', { min: 0 }),
      minLevelMove: r.requiredNumber('min-level-move', { min: 0, max: 1 }),
      minRows: r.requiredNumber('min-window-rows', { min: 0, integer: true }),
    },
    retrainOnEstimated: r.boolean('retrain-on-estimated'),
    windowMs: r.duration('window')!,
    windowText: r.raw('window'),
    maxWindows: r.requiredNumber('max-windows', { min: 1, max: 1000, integer: true }),
    asOf: r.timestamp('as-of'),
    lookbackMs: lookback(r.duration('lookback'), r.duration('window')!, r.raw('lookback')),
    minLabelCoverage: r.requiredNumber('min-label-coverage', { min: 0, max: 1 }),
    minMetric: r.number('min-metric'),
    baseline,
    maxDrop,
    driftShare: r.requiredNumber('drift-share', { min: 0, max: 1, minExclusive: true }),
    maxBadRecords: r.requiredNumber('max-bad-records', { min: 0, integer: true }),
    cdc: parseCdcInputs(r),
    maxRecordBytes: r.requiredNumber('max-record-bytes', { min: 1, integer: true }),
    writeReference: r.optionalString('write-reference'),
    referenceExactLimit: r.requiredNumber('reference-exact-limit', { min: 1, integer: true }),
    reportDir: r.optionalString('report-dir'),
    reportUri: s3PrefixInput(r.optionalString('report-uri'), 'report-uri'),
    issueOnDrift: r.boolean('issue-on-drift'),
    issueLabel: r.string('issue-label'),
    dispatchWorkflow: r.optionalString('dispatch-workflow'),
    dispatchRef: r.optionalString('dispatch-ref'),
    commentOnPr: r.boolean('comment-on-pr'),
    commentHeader: r.string('comment-header'),
    resultPath: r.optionalString('result-path'),
    athena: parseAthenaInputs(r),
  };
}
