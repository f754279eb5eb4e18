import type { S3Location } from '@mlops-actions/aws';
import {
  DECISION_RULES,
  DEFAULT_MIN_CONFIDENCE,
  type DecisionRule,
  evaluationLedgerPrefix,
  INTERVAL_METHODS,
  type IntervalMethodSetting,
  type MetricSpec,
  parseMetric,
  UserError,
} from '@mlops-actions/core';
import { s3PrefixInput } from '@mlops-actions/data/s3-uri';
import {
  type AthenaSettings,
  type CdcInputs,
  type InputReader,
  parseAthenaInputs,
  parseCdcInputs,
  splitList,
} from '@mlops-actions/github';

/** A model package ARN checked up front (a typo would otherwise file the ledger record where promotion never looks). */
function packageArn(arn: string | undefined): string | undefined {
  if (arn !== undefined) evaluationLedgerPrefix(arn);
  return arn;
}

/** Parsed, validated inputs of evaluate-challenger. */
export interface EvaluateInputs {
  champion: string | undefined;
  challenger: string;
  /** Column names of a header-less champion/challenger CSV (e.g. Batch Transform output); undefined: it has a header. */
  championHeader: string[] | undefined;
  challengerHeader: string[] | undefined;
  metric: MetricSpec;
  columns: {
    id: string;
    timestamp: string;
    label: string;
    score: string;
    championScore: string;
    challengerScore: string;
    group: string | undefined;
    slices: string[];
  };
  guardSlices: string[];
  maxSliceRegression: number;
  asOf: number | undefined;
  windowMs: number;
  windowText: string;
  maxWindows: number;
  gamma: number;
  normalize: boolean;
  minImprovement: number;
  minRelativeImprovement: number;
  decisionRule: DecisionRule;
  bootstrapMethod: IntervalMethodSetting;
  bootstrap: number;
  seed: number;
  minConfidence: number;
  minJoinRate: number;
  maxRecordBytes: number;
  failOnKeep: boolean;
  commentOnPr: boolean;
  commentHeader: string;
  ledger: string | undefined;
  /** DMS output among champion/challenger is read as its live rows (undefined: `cdc-key` not set). */
  cdc: CdcInputs | undefined;
  /** Label of the tracking issue that carries the evaluation (no issue when unset). */
  issueLabel: string | undefined;
  /** The challenger's model package, recorded in the result and keying its ledger record. */
  modelPackageArn: string | undefined;
  /** Unset only in the CLI when not asked for (see cliDefault). */
  resultPath: string | undefined;
  /** Unset only in the CLI when not asked for (see cliDefault). */
  reportDir: string | undefined;
  /** The s3:// prefix the HTML report and result JSON are uploaded under. */
  reportUri: S3Location | undefined;
  /** For athena:// sources. */
  athena: AthenaSettings;
}

/** A `*-columns` input: the names of a header-less file's fields, in order (none given: the file has a header). */
function headerInput(r: InputReader, name: string): string[] | undefined {
  const names = r.list(name);
  return names.length ? names : undefined;
}

/** The one input parser of evaluate-challenger (the action and `mlops evaluate-challenger` both use it). */
export function parseInputs(r: InputReader): EvaluateInputs {
  const threshold = r.requiredNumber('threshold');
  const metric = parseMetric(r.string('metric'), threshold);
  const score = r.string('score-column');
  const asOf = r.timestamp('as-of');
  const groupColumn = r.optionalString('group-column');
  if (metric.kind === 'group-ranking' && !groupColumn) {
    throw new UserError(
      `Metric "${metric.name}" ranks within groups: set \`group-column\` (e.g. a customer id).`,
    );
  }
  const bootstrap = r.requiredNumber('bootstrap', { min: 0, max: 100_000, integer: true });
  const decisionRule = r.choice('decision-rule', DECISION_RULES);
  const bootstrapMethod = r.choice('bootstrap-method', INTERVAL_METHODS);
  if (bootstrapMethod === 'influence' && metric.kind !== 'ranking') {
    throw new UserError(
      `Input "bootstrap-method" (influence) covers average-precision and roc-auc, not "${metric.name}": set \`bootstrap-method: auto\` or \`poisson\`.`,
    );
  }
  const minConfidenceGiven = r.number('min-confidence', { min: 0, max: 1 });
  if (minConfidenceGiven !== undefined && minConfidenceGiven > 0 && bootstrap === 0) {
    throw new UserError(
      `Input "min-confidence" (${minConfidenceGiven}) needs the bootstrap: set \`bootstrap\` above 0 or \`min-confidence\` to 0.`,
    );
  }
  // Not given: 0.95 when the bootstrap runs; `bootstrap: 0` asks for no resampling, so no confidence is required.
  const minConfidence = minConfidenceGiven ?? (bootstrap > 0 ? DEFAULT_MIN_CONFIDENCE : 0);
  const windowMs = r.duration('window')!;
  return {
    champion: r.optionalString('champion'),
    challenger: r.string('challenger'),
    championHeader: headerInput(r, 'champion-columns'),
    challengerHeader: headerInput(r, 'challenger-columns'),
    metric,
    columns: {
      id: r.string('id-column'),
      timestamp: r.string('timestamp-column'),
      label: r.string('label-column'),
      score,
      championScore: r.optionalString('champion-score-column') ?? score,
      challengerScore: r.optionalString('challenger-score-column') ?? score,
      group: groupColumn,
      slices: r.list('slice-columns'),
    },
    guardSlices: splitList(r.raw('guard-slices')),
    maxSliceRegression: r.requiredNumber('max-slice-regression', { min: 0 }),
    asOf,
    windowMs,
    windowText: r.raw('window'),
    maxWindows: r.requiredNumber('max-windows', { min: 1, max: 520, integer: true }),
    gamma: r.requiredNumber('gamma', { min: 0, max: 1, minExclusive: true }),
    normalize: r.boolean('normalize'),
    minImprovement: r.requiredNumber('min-improvement', { min: 0 }),
    minRelativeImprovement: r.requiredNumber('min-relative-improvement', { min: 0 }),
    decisionRule,
    bootstrap,
    bootstrapMethod,
    seed: r.requiredNumber('seed', { integer: true, min: 0, max: 2 ** 32 - 1 }),
    minConfidence,
    minJoinRate: r.requiredNumber('min-join-rate', { min: 0, max: 1 }),
    maxRecordBytes: r.requiredNumber('max-record-bytes', { min: 1, integer: true }),
    failOnKeep: r.boolean('fail-on-keep'),
    commentOnPr: r.boolean('comment-on-pr'),
    commentHeader: r.string('comment-header'),
    ledger: r.optionalString('ledger'),
    cdc: parseCdcInputs(r),
    issueLabel: r.optionalString('issue-label'),
    modelPackageArn: packageArn(r.optionalString('model-package-arn')),
    resultPath: r.optionalString('result-path'),
    reportDir: r.optionalString('report-dir'),
    reportUri: s3PrefixInput(r.optionalString('report-uri'), 'report-uri'),
    athena: parseAthenaInputs(r),
  };
}

/** The settings the decision takes whichever engine scored the windows (rows on the runner, or SQL summaries). */
export function decisionSettings(inputs: EvaluateInputs) {
  return {
    spec: inputs.metric,
    gamma: inputs.gamma,
    normalize: inputs.normalize,
    guardSlices: inputs.guardSlices,
    maxSliceRegression: inputs.maxSliceRegression,
    minImprovement: inputs.minImprovement,
    minRelativeImprovement: inputs.minRelativeImprovement,
    decisionRule: inputs.decisionRule,
    minConfidence: inputs.minConfidence,
  };
}
