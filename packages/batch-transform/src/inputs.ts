import {
  INSTANCE_TYPE_PATTERN,
  MODEL_PACKAGE_ARN_PATTERN,
  ROLE_ARN_PATTERN,
  SAGEMAKER_NAME_PATTERN,
} from '@mlops-actions/aws/names';
import { UserError } from '@mlops-actions/core';
import { type InputReader, quote } from '@mlops-actions/github';

/** Which model the job runs: a package (by ARN or the group's newest Approved one) or an existing model. */
type ModelSpec =
  | { kind: 'package'; arn: string }
  | { kind: 'latest-approved'; group: string }
  | { kind: 'model'; name: string };

/** Parsed, validated inputs of batch-transform. */
export interface TransformInputs {
  model: ModelSpec;
  ifNoneApproved: 'fail' | 'skip';
  executionRoleArn: string | undefined;
  input: string;
  inputDataType: 'S3Prefix' | 'ManifestFile';
  output: string;
  contentType: string;
  splitType: 'Line' | 'RecordIO' | 'TFRecord' | 'None';
  compressionType: 'None' | 'Gzip';
  accept: string;
  instanceType: string;
  instanceCount: number;
  maxPayloadMb: number | undefined;
  maxConcurrentTransforms: number | undefined;
  batchStrategy: 'MultiRecord' | 'SingleRecord';
  inputFilter: string | undefined;
  outputFilter: string | undefined;
  joinSource: 'Input' | 'None';
  environment: Record<string, string>;
  tags: Record<string, string>;
  jobName: string | undefined;
  wait: boolean;
  timeoutMs: number;
  pollMs: number;
  stopOnCancel: boolean;
}

const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;

function checkS3Uri(name: string, value: string): string {
  if (!S3_URI.test(value))
    throw new UserError(`Input "${name}" must be an s3:// URI (s3://bucket/prefix/), got ${quote(value)}.`);
  return value;
}

function modelSpec(r: InputReader): ModelSpec {
  const pkg = r.optionalString('model-package');
  const group = r.optionalString('model-package-group');
  const name = r.optionalString('model-name');
  if (name) {
    if (pkg || group)
      throw new UserError(
        'Inputs "model-name" and "model-package" / "model-package-group" exclude each other: name one model.',
      );
    if (!SAGEMAKER_NAME_PATTERN.test(name))
      throw new UserError(`Input "model-name": ${quote(name)} is not a SageMaker model name.`);
    return { kind: 'model', name };
  }
  if (group !== undefined && !SAGEMAKER_NAME_PATTERN.test(group))
    throw new UserError(
      `Input "model-package-group": ${quote(group)} is not a model package group name (letters, digits, hyphens; up to 63).`,
    );
  if (pkg === undefined || pkg === 'latest-approved') {
    if (!group)
      throw new UserError('No model to run.', {
        hint: pkg
          ? 'model-package: latest-approved needs "model-package-group".'
          : 'Set "model-package" (an ARN), "model-package-group" (its newest Approved package) or "model-name".',
      });
    return { kind: 'latest-approved', group };
  }
  if (!MODEL_PACKAGE_ARN_PATTERN.test(pkg))
    throw new UserError(
      `Input "model-package" must be a model package ARN (arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>) or latest-approved, got ${quote(pkg)}.`,
    );
  if (group && pkg.split('/')[1] !== group)
    throw new UserError(
      `Input "model-package": ${quote(pkg)} is not in the group "${group}" named by "model-package-group".`,
    );
  return { kind: 'package', arn: pkg };
}

/** The one input parser of batch-transform (the action and `mlops batch-transform` both use it). */
export function parseInputs(r: InputReader): TransformInputs {
  const [input, output] = [r.string('input'), r.string('output')];
  checkS3Uri('input', input);
  checkS3Uri('output', output);
  const model = modelSpec(r);
  const executionRoleArn = r.optionalString('execution-role-arn');
  if (executionRoleArn && !ROLE_ARN_PATTERN.test(executionRoleArn))
    throw new UserError(`Input "execution-role-arn": ${quote(executionRoleArn)} is not an IAM role ARN.`, {
      hint: 'Use arn:aws:iam::<account>:role/<name> (the SageMaker execution role, not the GitHub OIDC role).',
    });
  const instanceType = r.string('instance-type');
  if (!INSTANCE_TYPE_PATTERN.test(instanceType))
    throw new UserError(
      `Input "instance-type": ${quote(instanceType)} is not a SageMaker instance type (e.g. ml.m5.large).`,
    );
  const jobName = r.optionalString('job-name');
  if (jobName && !SAGEMAKER_NAME_PATTERN.test(jobName))
    throw new UserError(`Input "job-name": ${quote(jobName)} is not a valid SageMaker transform job name.`, {
      hint: 'Use 1–63 letters, digits and hyphens, starting and ending with a letter or digit.',
    });
  const environment = r.yamlMap('environment');
  if (Object.keys(environment).length > 16)
    throw new UserError('Input "environment": SageMaker allows at most 16 variables for a transform job.');
  const contentType = r.string('content-type');
  return {
    model,
    ifNoneApproved: r.choice('if-none-approved', ['fail', 'skip'] as const),
    executionRoleArn,
    input,
    inputDataType: r.choice('input-data-type', ['S3Prefix', 'ManifestFile'] as const),
    output,
    contentType,
    splitType: r.choice('split-type', ['Line', 'RecordIO', 'TFRecord', 'None'] as const),
    compressionType: r.choice('compression-type', ['None', 'Gzip'] as const),
    accept: r.optionalString('accept') ?? contentType,
    instanceType,
    instanceCount: r.requiredNumber('instance-count', { min: 1, integer: true }),
    maxPayloadMb: r.number('max-payload-mb', { min: 0, max: 100, integer: true }),
    maxConcurrentTransforms: r.number('max-concurrent-transforms', { min: 0, integer: true }),
    batchStrategy: r.choice('batch-strategy', ['MultiRecord', 'SingleRecord'] as const),
    inputFilter: r.optionalString('input-filter'),
    outputFilter: r.optionalString('output-filter'),
    joinSource: r.choice('join-source', ['Input', 'None'] as const),
    environment,
    tags: r.yamlMap('tags'),
    jobName,
    wait: r.boolean('wait'),
    timeoutMs: r.duration('timeout')!,
    pollMs: r.duration('poll-interval')!,
    stopOnCancel: r.boolean('stop-on-cancel'),
  };
}
