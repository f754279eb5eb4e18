import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '@mlops-actions/core';
import { type InputReader, quote } from '@mlops-actions/github';
import { parse } from 'yaml';

/** Parsed, validated inputs of run-training. */
export interface TrainingInputs {
  backend: 'sagemaker' | 'local';
  jobConfig: Record<string, unknown>;
  jobConfigPath: string | undefined;
  jobName: string | undefined;
  image: string | undefined;
  roleArn: string | undefined;
  instanceType: string | undefined;
  instanceCount: number | undefined;
  volumeSizeGb: number | undefined;
  maxRuntimeSeconds: number | undefined;
  hyperparameters: Record<string, string>;
  channels: Record<string, string>;
  outputPath: string | undefined;
  environment: Record<string, string>;
  tags: Record<string, string>;
  spot: boolean;
  maxWaitSeconds: number | undefined;
  checkpointUri: string | undefined;
  vpcConfig: Record<string, unknown> | undefined;
  metricDefinitions: Record<string, string> | undefined;
  entryPoint: string | undefined;
  wait: boolean;
  timeoutMs: number;
  pollMs: number;
  allowStopped: boolean;
  predictionsPath: string | undefined;
  predictionsDestination: string | undefined;
  register: string | undefined;
  inferenceImage: string | undefined;
  contentTypes: string[];
  stopOnCancel: boolean;
  keepTemp: boolean;
}

function readJobConfig(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch {
    throw new UserError(`Input "job-config": file not found: ${path}.`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new UserError(
      `Input "job-config": ${path} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new UserError(
      `Input "job-config": ${path} must be a mapping of CreateTrainingJob fields (TrainingJobName, AlgorithmSpecification, ...).`,
    );
  return doc as Record<string, unknown>;
}

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms / 1000));

/** The one input parser of run-training (the action and `mlops run-training` both use it). */
export function parseInputs(r: InputReader): TrainingInputs {
  const backend = r.choice('backend', ['sagemaker', 'local'] as const);
  const jobConfigPath = r.optionalString('job-config');
  const vpc = r.yaml('vpc-config');
  if (vpc !== undefined && (typeof vpc !== 'object' || vpc === null || Array.isArray(vpc)))
    throw new UserError('Input "vpc-config" must be a YAML mapping with SecurityGroupIds and Subnets.');
  const metricDefinitions = r.yamlMap('metric-definitions');
  for (const [name, regex] of Object.entries(metricDefinitions)) {
    try {
      new RegExp(regex);
    } catch {
      throw new UserError(
        `Input "metric-definitions": the regex of "${name}" is not valid: ${quote(regex)}.`,
      );
    }
  }
  const entryPoint = r.optionalString('entry-point');
  if (backend === 'local' && !entryPoint)
    throw new UserError(
      'Input "entry-point" is required with backend: local (the command that trains, e.g. `python train.py`).',
    );
  return {
    backend,
    jobConfig: jobConfigPath ? readJobConfig(jobConfigPath) : {},
    jobConfigPath,
    jobName: r.optionalString('job-name'),
    image: r.optionalString('image'),
    roleArn: r.optionalString('role-arn'),
    instanceType: r.optionalString('instance-type'),
    instanceCount: r.number('instance-count', { min: 1, integer: true }),
    volumeSizeGb: r.number('volume-size-gb', { min: 1, integer: true }),
    maxRuntimeSeconds: seconds(r.duration('max-runtime')),
    hyperparameters: r.yamlMap('hyperparameters'),
    channels: r.yamlMap('channels'),
    outputPath: r.optionalString('output-path'),
    environment: r.yamlMap('environment'),
    tags: r.yamlMap('tags'),
    spot: r.boolean('spot'),
    maxWaitSeconds: seconds(r.duration('max-wait')),
    checkpointUri: r.optionalString('checkpoint-uri'),
    vpcConfig: vpc as Record<string, unknown> | undefined,
    metricDefinitions: Object.keys(metricDefinitions).length ? metricDefinitions : undefined,
    entryPoint,
    wait: r.boolean('wait'),
    timeoutMs: r.duration('timeout')!,
    pollMs: r.duration('poll-interval')!,
    allowStopped: r.boolean('allow-stopped'),
    predictionsPath: r.optionalString('predictions-path'),
    predictionsDestination: r.optionalString('predictions-destination'),
    register: r.optionalString('register'),
    inferenceImage: r.optionalString('inference-image'),
    contentTypes: r.list('content-types'),
    stopOnCancel: r.boolean('stop-on-cancel'),
    keepTemp: r.boolean('keep-temp'),
  };
}
