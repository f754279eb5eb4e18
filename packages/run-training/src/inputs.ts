import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '@mlops-actions/core';
import { type InputReader, quote, yamlLibrary } from '@mlops-actions/github';

/** Parsed, validated inputs of run-training. */
export interface TrainingInputs {
  backend: 'sagemaker' | 'local';
  jobConfig: Record<string, unknown>;
  jobConfigPath: string | undefined;
  jobName: string | undefined;
  image: string | undefined;
  /** Prebuilt image as `name:version` (input `framework`), resolved for the region when the job is built. */
  framework: string | undefined;
  /** Script mode: the directory packaged as sourcedir.tar.gz, and the entry point inside it. */
  sourceDir: string | undefined;
  roleArn: string | undefined;
  instanceType: string | undefined;
  instanceCount: number | undefined;
  volumeSizeGb: number | undefined;
  maxRuntimeSeconds: number | undefined;
  /** Hyperparameters as strings (custom containers read them as they are); empty in script mode. */
  hyperparameters: Record<string, string>;
  /** Script mode: the hyperparameters with their YAML types, JSON-encoded into the request. */
  hyperparameterValues: Map<string, unknown>;
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
  /** Backend local: a shell command run instead of the entry point (input `command`, or a legacy `entry-point`). */
  command: string | undefined;
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
  // Loaded on demand (start-up); outside the try, which turns only YAML errors into the user error below.
  const { parse } = yamlLibrary();
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

/** A YAML mapping input with its values' types kept (numbers stay numbers), keyed in the order given. */
function yamlValues(r: InputReader, name: string): Map<string, unknown> {
  const doc = r.yaml(name);
  if (doc === undefined || doc === null) return new Map();
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new UserError(`Input "${name}" must be a YAML mapping (key: value per line).`);
  return new Map(Object.entries(doc as Record<string, unknown>));
}

/**
 * What runs: `source-dir` + `entry-point` (script mode, both backends), or backend local's `command`. Without
 * `source-dir`, backend local still reads `entry-point` as a command (its meaning before script mode).
 */
function trainingProgram(
  r: InputReader,
  backend: TrainingInputs['backend'],
): Pick<TrainingInputs, 'sourceDir' | 'entryPoint' | 'command'> {
  const sourceDir = r.optionalString('source-dir');
  const entryPoint = r.optionalString('entry-point');
  const command = r.optionalString('command');
  if (command && backend === 'sagemaker')
    throw new UserError('Input "command" is for backend: local.', {
      hint: 'On SageMaker the image runs the job: set source-dir and entry-point (script mode) or use your own image.',
    });
  if (!sourceDir) {
    if (entryPoint && backend === 'sagemaker')
      throw new UserError(
        `Input "entry-point" (${quote(entryPoint)}) needs "source-dir", the directory it is in.`,
        {
          hint: 'Set source-dir (e.g. ml) and entry-point relative to it (e.g. train.py).',
        },
      );
    if (backend === 'local' && !entryPoint && !command)
      throw new UserError(
        'Input "entry-point" is required with backend: local (with source-dir, the script that trains, e.g. train.py; or a command such as `python train.py`).',
      );
    return { sourceDir, entryPoint: undefined, command: command ?? entryPoint };
  }
  if (!entryPoint && !command)
    throw new UserError(
      `Input "source-dir" (${sourceDir}) needs "entry-point", the script inside it that trains.`,
      {
        hint: 'For example entry-point: train.py.',
      },
    );
  if (entryPoint && (entryPoint.startsWith('/') || entryPoint.split(/[\\/]/).includes('..')))
    throw new UserError(`Input "entry-point": ${quote(entryPoint)} must be a path inside source-dir.`, {
      hint: 'Give it relative to source-dir, e.g. train.py or src/train.py.',
    });
  return { sourceDir, entryPoint, command };
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
  const { sourceDir, entryPoint, command } = trainingProgram(r, backend);
  const image = r.optionalString('image');
  const framework = r.optionalString('framework');
  if (image && framework)
    throw new UserError('Inputs "image" and "framework" are both set: give one.', {
      hint: '"framework" picks AWS’s prebuilt image (e.g. sklearn:1.2-1); "image" is a custom container.',
    });
  const hyperparameterValues = sourceDir ? yamlValues(r, 'hyperparameters') : new Map<string, unknown>();
  return {
    backend,
    jobConfig: jobConfigPath ? readJobConfig(jobConfigPath) : {},
    jobConfigPath,
    jobName: r.optionalString('job-name'),
    image,
    framework,
    sourceDir,
    roleArn: r.optionalString('role-arn'),
    instanceType: r.optionalString('instance-type'),
    instanceCount: r.number('instance-count', { min: 1, integer: true }),
    volumeSizeGb: r.number('volume-size-gb', { min: 1, integer: true }),
    maxRuntimeSeconds: seconds(r.duration('max-runtime')),
    hyperparameters: sourceDir ? {} : r.yamlMap('hyperparameters'),
    hyperparameterValues,
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
    command,
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
