// Names, name rules and ARN patterns, without the SDK: `@mlops-actions/aws/names` is what input parsers import, so an
// action checks its inputs (and reports an error in them) before the AWS SDK loads (issue 21, start-up).
import { createHash } from 'node:crypto';

/** SageMaker's rule for job, model and endpoint names: 1–63 letters, digits and inner hyphens. */
export const SAGEMAKER_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

const slug = (text: string) =>
  text
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/-{2,}/g, '-');

/**
 * `<base>-<suffix>` within SageMaker's 63 characters: both reduced to letters, digits and single hyphens, the base
 * shortened (never the suffix, which carries what makes the name unique), `fallback` when the base is empty.
 */
export function sagemakerName(base: string, suffix: string, fallback: string): string {
  const tail = `-${slug(suffix)}`;
  const head = slug(base) || fallback;
  const name = `${head.slice(0, 63 - tail.length).replace(/-+$/, '')}${tail}`;
  return /^[a-zA-Z0-9]/.test(name) ? name : `${fallback.slice(0, 1)}${name.slice(1)}`;
}

/** Where a step runs: what makes a name unique to one step of one run attempt. */
export interface RunScope {
  /** `owner/repo` or `repo`: its last part starts the name. */
  repository: string;
  runId: string;
  runAttempt: number;
  /** GITHUB_JOB and GITHUB_ACTION: two steps of one run get different names. */
  job: string;
  step: string;
}

/**
 * The deterministic name of a step's SageMaker job: `<repo>-<run id>-<attempt>-<hash>`, the hash (6 hex) of the
 * workflow job and step id, so a re-run of the same attempt finds the job it started instead of starting another.
 */
export function runScopedName(scope: RunScope, fallback: string): string {
  const hash = createHash('sha256').update(`${scope.job}/${scope.step}`).digest('hex').slice(0, 6);
  const runId = scope.runId || `local${Date.now()}`;
  return sagemakerName(
    scope.repository.split('/').pop() ?? '',
    `${runId}-${scope.runAttempt}-${hash}`,
    fallback,
  );
}

/**
 * The object name stem of a run's report: `<kind>-<run id>-<attempt>` in a workflow (a re-run of the attempt replaces
 * its own report), `<kind>-<as-of>` outside one (the CLI).
 */
export function reportStem(kind: string, run: { runId: string; runAttempt: number }, asOf: string): string {
  return run.runId ? `${kind}-${run.runId}-${run.runAttempt}` : `${kind}-${asOf.replace(/[:.]/g, '-')}`;
}

/** SageMaker instance types: `ml.<family>.<size>`, e.g. ml.m5.xlarge or ml.g5.2xlarge. */
export const INSTANCE_TYPE_PATTERN = /^ml\.[a-z0-9]+(-[a-z0-9]+)?\.[a-z0-9]+$/;

/** An IAM role ARN (the SageMaker execution role). */
export const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** A versioned model package ARN: `arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>`. */
export const MODEL_PACKAGE_ARN_PATTERN =
  /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package\/[^/]+\/\d+$/;
