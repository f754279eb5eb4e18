import type { CreateTrainingJobRequest } from '@aws-sdk/client-sagemaker';
import {
  INSTANCE_TYPE_PATTERN,
  ROLE_ARN_PATTERN,
  type RunScope,
  runScopedName,
  SAGEMAKER_NAME_PATTERN,
} from '@mlops-actions/aws/names';
import { UserError } from '@mlops-actions/core';
import { type ActionDeps, stepRunScope } from '@mlops-actions/github';
import type { TrainingInputs } from './inputs.js';

/** SageMaker's TrainingJobName rule: 1–63 characters, ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}. */
export const JOB_NAME_PATTERN = SAGEMAKER_NAME_PATTERN;

/**
 * The deterministic job name: `<repo>-<run id>-<attempt>-<hash>`, where the hash (6 hex) is of the workflow job and
 * step id (GITHUB_JOB, GITHUB_ACTION), so two training steps of one run get different names and a re-run of the
 * same attempt gets the same one. The repository part is shortened so the whole fits in 63 characters.
 */
export function defaultJobName(parts: RunScope): string {
  return runScopedName(parts, 'training');
}

function checkJobName(name: string): string {
  if (!JOB_NAME_PATTERN.test(name))
    throw new UserError(
      `Input "job-name": ${JSON.stringify(name)} is not a valid SageMaker training job name.`,
      { hint: 'Use 1–63 letters, digits and hyphens, starting and ending with a letter or digit.' },
    );
  return name;
}

/** The job name: the input, else job-config's TrainingJobName, else the run-scoped default (checked either way). */
export function jobNameFor(inputs: TrainingInputs, deps: Pick<ActionDeps, 'context' | 'env'>): string {
  if (inputs.jobName) return checkJobName(inputs.jobName);
  const fromConfig = inputs.jobConfig.TrainingJobName;
  if (typeof fromConfig === 'string' && fromConfig) return checkJobName(fromConfig);
  return defaultJobName(stepRunScope(deps.context, deps.env, 'training'));
}

const isS3 = (uri: string) => /^s3:\/\/[^/]+/.test(uri);

/**
 * CreateTrainingJob request from `job-config` with the inputs laid over it. Inputs win; maps (hyperparameters,
 * environment) are merged key by key; channels given as inputs replace same-named channels of the config.
 */
export function buildTrainingJobRequest(
  config: Partial<CreateTrainingJobRequest>,
  inputs: TrainingInputs,
  jobName: string,
): CreateTrainingJobRequest {
  const req = structuredClone(config) as CreateTrainingJobRequest;
  req.TrainingJobName = jobName;
  req.AlgorithmSpecification = { TrainingInputMode: 'File', ...req.AlgorithmSpecification };
  if (inputs.image) req.AlgorithmSpecification.TrainingImage = inputs.image;
  if (inputs.metricDefinitions)
    req.AlgorithmSpecification.MetricDefinitions = Object.entries(inputs.metricDefinitions).map(
      ([Name, Regex]) => ({
        Name,
        Regex,
      }),
    );
  if (inputs.roleArn) req.RoleArn = inputs.roleArn;
  req.ResourceConfig = {
    InstanceCount: 1,
    VolumeSizeInGB: 30,
    ...req.ResourceConfig,
  } as CreateTrainingJobRequest['ResourceConfig'];
  if (inputs.instanceType) req.ResourceConfig!.InstanceType = inputs.instanceType as never;
  if (inputs.instanceCount !== undefined) req.ResourceConfig!.InstanceCount = inputs.instanceCount;
  if (inputs.volumeSizeGb !== undefined) req.ResourceConfig!.VolumeSizeInGB = inputs.volumeSizeGb;
  req.StoppingCondition = { MaxRuntimeInSeconds: 86_400, ...req.StoppingCondition };
  if (inputs.maxRuntimeSeconds !== undefined)
    req.StoppingCondition.MaxRuntimeInSeconds = inputs.maxRuntimeSeconds;
  if (Object.keys(inputs.hyperparameters).length)
    req.HyperParameters = { ...req.HyperParameters, ...inputs.hyperparameters };
  if (Object.keys(inputs.environment).length) req.Environment = { ...req.Environment, ...inputs.environment };
  if (Object.keys(inputs.channels).length) {
    const kept = (req.InputDataConfig ?? []).filter((c) => !(c.ChannelName! in inputs.channels));
    req.InputDataConfig = [
      ...kept,
      ...Object.entries(inputs.channels).map(([ChannelName, S3Uri]) => ({
        ChannelName,
        DataSource: {
          S3DataSource: {
            S3DataType: 'S3Prefix' as const,
            S3Uri,
            S3DataDistributionType: 'FullyReplicated' as const,
          },
        },
      })),
    ];
  }
  if (inputs.outputPath) req.OutputDataConfig = { ...req.OutputDataConfig, S3OutputPath: inputs.outputPath };
  if (Object.keys(inputs.tags).length) {
    const kept = (req.Tags ?? []).filter((t) => !(t.Key! in inputs.tags));
    req.Tags = [...kept, ...Object.entries(inputs.tags).map(([Key, Value]) => ({ Key, Value }))];
  }
  if (inputs.spot) {
    req.EnableManagedSpotTraining = true;
    if (inputs.maxWaitSeconds !== undefined)
      req.StoppingCondition.MaxWaitTimeInSeconds = inputs.maxWaitSeconds;
    req.StoppingCondition.MaxWaitTimeInSeconds ??= req.StoppingCondition.MaxRuntimeInSeconds;
    if (inputs.checkpointUri) req.CheckpointConfig = { ...req.CheckpointConfig, S3Uri: inputs.checkpointUri };
  }
  if (inputs.vpcConfig) req.VpcConfig = inputs.vpcConfig as unknown as CreateTrainingJobRequest['VpcConfig'];
  validateRequest(req);
  return req;
}

/** The checks SageMaker would make, with messages naming the input to fix. */
function validateRequest(req: CreateTrainingJobRequest): void {
  const missing = (what: string, input: string, field: string) =>
    new UserError(`The training job has no ${what}.`, {
      hint: `Set the input "${input}" or ${field} in job-config.`,
    });
  if (!req.AlgorithmSpecification?.TrainingImage && !req.AlgorithmSpecification?.AlgorithmName)
    throw new UserError('The training job has no training image.', {
      hint: 'Set the input "framework" (AWS’s prebuilt image, e.g. sklearn:1.2-1) or "image", or AlgorithmSpecification.TrainingImage in job-config.',
    });
  if (!req.RoleArn) throw missing('IAM role', 'role-arn', 'RoleArn');
  if (!ROLE_ARN_PATTERN.test(req.RoleArn))
    throw new UserError(`Input "role-arn": ${JSON.stringify(req.RoleArn)} is not an IAM role ARN.`, {
      hint: 'Use arn:aws:iam::<account>:role/<name> (the SageMaker execution role, not the GitHub OIDC role).',
    });
  const type = req.ResourceConfig?.InstanceType;
  if (!type) throw missing('instance type', 'instance-type', 'ResourceConfig.InstanceType');
  if (!INSTANCE_TYPE_PATTERN.test(type))
    throw new UserError(`Input "instance-type": ${JSON.stringify(type)} is not a SageMaker instance type.`, {
      hint: 'Use the ml.<family>.<size> form, e.g. ml.m5.xlarge or ml.g5.2xlarge.',
    });
  if (!req.OutputDataConfig?.S3OutputPath)
    throw missing('output path', 'output-path', 'OutputDataConfig.S3OutputPath');
  if (!isS3(req.OutputDataConfig.S3OutputPath))
    throw new UserError(
      `Input "output-path" must be an s3:// URI with backend sagemaker, got ${JSON.stringify(req.OutputDataConfig.S3OutputPath)}.`,
    );
  for (const c of req.InputDataConfig ?? []) {
    const uri = c.DataSource?.S3DataSource?.S3Uri;
    if (uri !== undefined && !isS3(uri))
      throw new UserError(`Channel "${c.ChannelName}": ${JSON.stringify(uri)} is not an s3:// URI.`, {
        hint: 'With backend sagemaker every channel is an S3 prefix; local paths work with backend local.',
      });
  }
  if (req.CheckpointConfig?.S3Uri !== undefined && !isS3(req.CheckpointConfig.S3Uri))
    throw new UserError(
      `Input "checkpoint-uri" must be an s3:// URI, got ${JSON.stringify(req.CheckpointConfig.S3Uri)}.`,
    );
  if (req.EnableManagedSpotTraining) {
    const { MaxRuntimeInSeconds = 0, MaxWaitTimeInSeconds = 0 } = req.StoppingCondition ?? {};
    if (MaxWaitTimeInSeconds < MaxRuntimeInSeconds)
      throw new UserError(
        `Input "max-wait" (${MaxWaitTimeInSeconds}s) must be at least "max-runtime" (${MaxRuntimeInSeconds}s) for spot training.`,
      );
  }
  for (const [key, value] of Object.entries(req.HyperParameters ?? {}))
    if (value.length > 2500)
      throw new UserError(`Hyperparameter "${key}" is longer than SageMaker's 2500 characters.`);
}
