import { UserError } from '@mlops-actions/core';
import { type InputReader, quote } from '@mlops-actions/github';

type PackageSpec =
  | { kind: 'arn'; arn: string }
  | { kind: 'version'; version: number }
  | { kind: 'latest-pending' }
  | { kind: 'previous' };

/** Parsed, validated inputs of promote-model. */
export interface PromoteInputs {
  group: string;
  spec: PackageSpec;
  target: 'endpoint' | 'registry-only';
  endpointName: string | undefined;
  instanceType: string;
  instanceCount: number;
  executionRoleArn: string | undefined;
  deployment: 'all-at-once' | 'canary' | 'linear';
  canarySize: number;
  waitIntervalSeconds: number;
  alarms: string[];
  dryRun: boolean;
  reason: string | undefined;
  evaluation: string | undefined;
  /** Where evaluate-challenger's ledger keeps the package's evaluation (found by its ARN). */
  evaluationLedger: string | undefined;
  force: boolean;
  /** Promote a package that records no artifact SHA-256 (a mismatch is refused regardless). */
  allowUnverifiedArtifact: boolean;
  ledger: string | undefined;
  environment: string;
  dataCaptureUri: string | undefined;
  timeoutMs: number;
  pollMs: number;
}

const ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package\/[^/]+\/\d+$/;
const NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

function parseSpec(value: string): PackageSpec {
  const v = value.trim();
  if (v === 'latest-pending' || v === 'previous') return { kind: v };
  if (/^\d+$/.test(v) && Number(v) > 0) return { kind: 'version', version: Number(v) };
  if (ARN.test(v)) return { kind: 'arn', arn: v };
  throw new UserError(
    `Input "model-package" must be a model package ARN, a version number, latest-pending or previous, got ${quote(value)}.`,
  );
}

/** The one input parser of promote-model (the action and `mlops promote-model` both use it). */
export function parseInputs(r: InputReader): PromoteInputs {
  const group = r.string('model-package-group');
  if (!NAME.test(group))
    throw new UserError(
      `Input "model-package-group": ${quote(group)} is not a model package group name (letters, digits, hyphens; up to 63).`,
    );
  const target = r.choice('target', ['endpoint', 'registry-only'] as const);
  const endpointName = r.optionalString('endpoint-name');
  const dryRun = r.boolean('dry-run');
  if (target === 'endpoint') {
    if (!endpointName)
      throw new UserError(
        'Input "endpoint-name" is required with target: endpoint (or use target: registry-only).',
      );
    if (!NAME.test(endpointName))
      throw new UserError(`Input "endpoint-name": ${quote(endpointName)} is not a valid endpoint name.`);
  }
  const executionRoleArn = r.optionalString('execution-role-arn');
  if (executionRoleArn && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(executionRoleArn))
    throw new UserError(`Input "execution-role-arn": ${quote(executionRoleArn)} is not an IAM role ARN.`);
  const instanceType = r.string('instance-type');
  if (!/^ml\.[a-z0-9]+(-[a-z0-9]+)?\.[a-z0-9]+$/.test(instanceType))
    throw new UserError(
      `Input "instance-type": ${quote(instanceType)} is not a SageMaker instance type (e.g. ml.m5.large).`,
    );
  const evaluation = r.optionalString('evaluation');
  const evaluationLedger = r.optionalString('evaluation-ledger');
  if (evaluation && evaluationLedger)
    throw new UserError(
      'Inputs "evaluation" and "evaluation-ledger" are exclusive: give the result file, or the ledger where the package\'s evaluation is found.',
    );
  const dataCaptureUri = r.optionalString('data-capture-uri');
  if (dataCaptureUri && !dataCaptureUri.startsWith('s3://'))
    throw new UserError(`Input "data-capture-uri" must be an s3:// prefix, got ${quote(dataCaptureUri)}.`);
  return {
    group,
    spec: parseSpec(r.string('model-package')),
    target,
    endpointName,
    instanceType,
    instanceCount: r.requiredNumber('instance-count', { min: 1, integer: true }),
    executionRoleArn,
    deployment: r.choice('deployment', ['all-at-once', 'canary', 'linear'] as const),
    canarySize: r.requiredNumber('canary-size', { min: 1, max: 100, integer: true }),
    waitIntervalSeconds: Math.round(r.duration('wait-interval')! / 1000),
    alarms: r.list('alarms'),
    dryRun,
    reason: r.optionalString('reason'),
    evaluation,
    evaluationLedger,
    force: r.boolean('force'),
    allowUnverifiedArtifact: r.boolean('allow-unverified-artifact'),
    ledger: r.optionalString('ledger'),
    environment: r.string('environment'),
    dataCaptureUri,
    timeoutMs: r.duration('timeout')!,
    pollMs: r.duration('poll-interval')!,
  };
}
