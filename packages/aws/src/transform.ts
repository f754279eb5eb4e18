// SageMaker Batch Transform: transform jobs, and the model a job runs (one per model package version).
import {
  CreateModelCommand,
  CreateTransformJobCommand,
  type CreateTransformJobRequest,
  DescribeModelCommand,
  type DescribeModelOutput,
  DescribeModelPackageCommand,
  type DescribeModelPackageOutput,
  DescribeTransformJobCommand,
  type DescribeTransformJobResponse,
  ListModelPackagesCommand,
  type SageMakerClient,
  StopTransformJobCommand,
} from '@aws-sdk/client-sagemaker';
import { UserError } from '@mlops-actions/core';

/** Where transform operations report progress (the action's logger, structurally). */
export interface TransformLog {
  info(message: string): void;
  warning(message: string): void;
}

type AwsError = Error & { name: string };

// SageMaker answers "no such job/model/package" with a ValidationException told apart by its wording
// (AWS: "Could not find requested job …", "… does not exist"; the moto emulator: "Could not find transform job …").
const isNotFound = (e: unknown) =>
  (e as AwsError).name === 'ResourceNotFound' ||
  ((e as AwsError).name === 'ValidationException' &&
    /not found|does not exist|could not find/i.test((e as Error).message));

// AWS: "Job name must be unique within an AWS account and region, and a job with this name already exists";
// CreateModel: "Cannot create already existing model".
const isAlreadyExists = (e: unknown) =>
  (e as AwsError).name === 'ResourceInUse' ||
  ((e as AwsError).name === 'ValidationException' && /already exist/i.test((e as Error).message));

/** An AWS failure a user can act on as one line naming the operation and what to do; anything else unchanged. */
function explain(error: unknown, operation: string, detail = ''): Error {
  const e = error as AwsError;
  const message = `${operation}${detail} failed: ${e.name}: ${(e.message || e.name).replace(/\s+/g, ' ')}`;
  if (e.name === 'AccessDeniedException')
    return new UserError(message, {
      hint: `The credentials from aws-actions/configure-aws-credentials lack permission for ${operation}: add it (and iam:PassRole on the SageMaker execution role) to the role's policy.`,
      cause: error,
    });
  if (/^(ExpiredToken|RequestExpired)/.test(e.name))
    return new UserError(message, {
      hint: 'The AWS credentials expired (OIDC sessions last 1 hour by default); the job keeps running: re-run the workflow to attach to it, or raise role-duration-seconds.',
      cause: error,
    });
  if (e.name === 'ResourceLimitExceeded')
    return new UserError(message, {
      hint: 'An account quota is exhausted (transform instances of this type, or concurrent jobs): request an increase in Service Quotas, use another instance type, or wait for running jobs.',
      cause: error,
    });
  if (e.name === 'ValidationException')
    return new UserError(message, {
      hint: 'SageMaker rejected the request: fix the input holding the value it names.',
      cause: error,
    });
  return error instanceof Error ? error : new Error(String(error));
}

/** Describe a transform job, or undefined when it does not exist. */
export async function describeTransformJob(
  sm: SageMakerClient,
  name: string,
): Promise<DescribeTransformJobResponse | undefined> {
  try {
    return await sm.send(new DescribeTransformJobCommand({ TransformJobName: name }));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw explain(error, 'sagemaker:DescribeTransformJob', ` (job ${name})`);
  }
}

/**
 * Start the transform job. When a job of that name appeared since the caller looked (a concurrent start of the same
 * attempt), attach to it instead of failing.
 */
export async function startTransformJob(
  sm: SageMakerClient,
  request: CreateTransformJobRequest,
  logger: TransformLog,
): Promise<{ arn: string; attached: boolean }> {
  const name = request.TransformJobName!;
  try {
    const { TransformJobArn } = await sm.send(new CreateTransformJobCommand(request));
    logger.info(`Started transform job ${name}`);
    return { arn: TransformJobArn!, attached: false };
  } catch (error) {
    if (isAlreadyExists(error)) {
      const job = await describeTransformJob(sm, name);
      if (job) {
        logger.info(`Transform job ${name} was started concurrently: attaching to it.`);
        return { arn: job.TransformJobArn!, attached: true };
      }
    }
    throw explain(error, 'sagemaker:CreateTransformJob', ` (job ${name})`);
  }
}

const elapsed = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

/** How a wait for a transform job ended: the job as last seen, and whether the timeout came first. */
export interface TransformWaitOutcome {
  job: DescribeTransformJobResponse;
  timedOut: boolean;
}

/**
 * Poll every `pollMs` until the job leaves InProgress/Stopping, logging one progress line per poll (status and
 * elapsed time). Stops at `timeoutMs` with the job still running (the caller fails loudly).
 */
export async function waitForTransformJob(
  sm: SageMakerClient,
  name: string,
  options: { pollMs: number; timeoutMs: number },
  deps: { logger: TransformLog; now: () => Date; sleep: (ms: number) => Promise<void> },
): Promise<TransformWaitOutcome> {
  const start = deps.now().getTime();
  for (;;) {
    const job = await describeTransformJob(sm, name);
    if (!job) throw new UserError(`Transform job ${name} disappeared while waiting for it.`);
    const since = deps.now().getTime() - start;
    deps.logger.info(`[${elapsed(since)}] transform job ${name}: ${job.TransformJobStatus}`);
    if (job.TransformJobStatus !== 'InProgress' && job.TransformJobStatus !== 'Stopping')
      return { job, timedOut: false };
    if (since + options.pollMs > options.timeoutMs) {
      await deps.sleep(Math.max(0, options.timeoutMs - since));
      return { job: (await describeTransformJob(sm, name)) ?? job, timedOut: true };
    }
    await deps.sleep(options.pollMs);
  }
}

/** Stop the transform job when it is still running (a cancelled workflow); true when StopTransformJob was sent. */
export async function stopTransformJobIfRunning(
  sm: SageMakerClient,
  name: string,
  logger: TransformLog,
): Promise<boolean> {
  const job = await describeTransformJob(sm, name);
  if (job?.TransformJobStatus !== 'InProgress') {
    logger.info(`Transform job ${name} is ${job?.TransformJobStatus ?? 'gone'}; nothing to stop.`);
    return false;
  }
  try {
    await sm.send(new StopTransformJobCommand({ TransformJobName: name }));
  } catch (error) {
    throw explain(error, 'sagemaker:StopTransformJob', ` (job ${name})`);
  }
  logger.warning(
    `The workflow was cancelled while transform job ${name} was running: sent StopTransformJob.`,
  );
  return true;
}

/** The newest Approved package of a group, or undefined when none is approved. */
export async function latestApprovedPackage(sm: SageMakerClient, group: string): Promise<string | undefined> {
  try {
    const page = await sm.send(
      new ListModelPackagesCommand({
        ModelPackageGroupName: group,
        ModelPackageType: 'Versioned',
        ModelApprovalStatus: 'Approved',
        // The API sorts ascending by default, which would give the oldest.
        SortBy: 'CreationTime',
        SortOrder: 'Descending',
        MaxResults: 1,
      }),
    );
    return page.ModelPackageSummaryList?.[0]?.ModelPackageArn;
  } catch (error) {
    if (isNotFound(error))
      throw new UserError(`Model package group ${group} does not exist (input "model-package-group").`, {
        cause: error,
      });
    throw explain(error, 'sagemaker:ListModelPackages', ` (group ${group})`);
  }
}

/** Describe a model package; a missing one is a user error naming it. */
export async function describePackageForTransform(
  sm: SageMakerClient,
  arn: string,
): Promise<DescribeModelPackageOutput> {
  try {
    return await sm.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
  } catch (error) {
    if (isNotFound(error))
      throw new UserError(`Input "model-package": model package ${arn} does not exist.`, { cause: error });
    throw explain(error, 'sagemaker:DescribeModelPackage');
  }
}

/** Describe a SageMaker model, or undefined when it does not exist. */
export async function describeModel(
  sm: SageMakerClient,
  name: string,
): Promise<DescribeModelOutput | undefined> {
  try {
    return await sm.send(new DescribeModelCommand({ ModelName: name }));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw explain(error, 'sagemaker:DescribeModel', ` (model ${name})`);
  }
}

/** The model package a model serves (its first container's ModelPackageName), if any. */
export const modelPackageOf = (model: DescribeModelOutput | undefined): string | undefined =>
  model?.PrimaryContainer?.ModelPackageName ?? model?.Containers?.[0]?.ModelPackageName;

/**
 * Create a model serving a model package (its ModelPackageName container) unless a model of that name exists;
 * true when created. A concurrent creation of the same name counts as existing. Untagged: the container names the
 * package, and tagging on create would need sagemaker:AddTags too.
 */
export async function ensureModelFromPackage(
  sm: SageMakerClient,
  name: string,
  modelPackageArn: string,
  executionRoleArn: string,
): Promise<boolean> {
  if (await describeModel(sm, name)) return false;
  try {
    await sm.send(
      new CreateModelCommand({
        ModelName: name,
        PrimaryContainer: { ModelPackageName: modelPackageArn },
        ExecutionRoleArn: executionRoleArn,
      }),
    );
    return true;
  } catch (error) {
    if (isAlreadyExists(error)) return false;
    throw explain(error, 'sagemaker:CreateModel', ` (model ${name})`);
  }
}
