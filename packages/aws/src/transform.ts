// SageMaker Batch Transform jobs (the model a job runs is made by sagemaker/endpoints.ts's ensureModel).
import {
  CreateTransformJobCommand,
  type CreateTransformJobRequest,
  DescribeTransformJobCommand,
  type DescribeTransformJobResponse,
  type SageMakerClient,
  StopTransformJobCommand,
} from '@aws-sdk/client-sagemaker';
import { UserError } from '@mlops-actions/core';
import { type ExplainOptions, explainAwsError, isAlreadyExists, unlessNotFound } from './errors.js';
import { formatElapsed, type ProgressLog, type WaitDeps, type WaitOptions, WaitProgress } from './wait.js';

// The job goes on in SageMaker whatever happens to this step's credentials: a re-run attaches to it.
const transformJob = (name: string): ExplainOptions => ({
  detail: ` (job ${name})`,
  detailInMessage: true,
  keepsRunning: 'the job',
  validationHint: 'SageMaker rejected the request: fix the input holding the value it names.',
});

/** Describe a transform job, or undefined when it does not exist. */
export async function describeTransformJob(
  sm: SageMakerClient,
  name: string,
): Promise<DescribeTransformJobResponse | undefined> {
  return unlessNotFound(
    sm.send(new DescribeTransformJobCommand({ TransformJobName: name })),
    'sagemaker:DescribeTransformJob',
    transformJob(name),
  );
}

/**
 * Start the transform job. When a job of that name appeared since the caller looked (a concurrent start of the same
 * attempt), attach to it instead of failing.
 */
export async function startTransformJob(
  sm: SageMakerClient,
  request: CreateTransformJobRequest,
  logger: ProgressLog,
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
    throw explainAwsError(error, 'sagemaker:CreateTransformJob', transformJob(name));
  }
}

/** How a wait for a transform job ended: the job as last seen, and whether the timeout came first. */
export interface TransformWaitOutcome {
  job: DescribeTransformJobResponse;
  timedOut: boolean;
}

/**
 * Poll every `pollMs` until the job leaves InProgress/Stopping, logging one progress line per poll (status and
 * elapsed time), and a heartbeat at least every 10 s between polls (WaitProgress; SageMaker reports no progress of
 * a transform job, so no time left is claimed). Stops at `timeoutMs` with the job still running (the caller fails
 * loudly).
 */
export async function waitForTransformJob(
  sm: SageMakerClient,
  name: string,
  options: WaitOptions,
  deps: WaitDeps,
): Promise<TransformWaitOutcome> {
  const progress = new WaitProgress(deps, `transform job ${name}`);
  for (;;) {
    const job = await describeTransformJob(sm, name);
    if (!job) throw new UserError(`Transform job ${name} disappeared while waiting for it.`);
    const since = progress.elapsed();
    progress.set(String(job.TransformJobStatus));
    progress.info(`[${formatElapsed(since)}] transform job ${name}: ${job.TransformJobStatus}`);
    if (job.TransformJobStatus !== 'InProgress' && job.TransformJobStatus !== 'Stopping')
      return { job, timedOut: false };
    if (since + options.pollMs > options.timeoutMs) {
      await progress.sleep(Math.max(0, options.timeoutMs - since));
      return { job: (await describeTransformJob(sm, name)) ?? job, timedOut: true };
    }
    await progress.sleep(options.pollMs);
  }
}

/** Stop the transform job when it is still running (a cancelled workflow); true when StopTransformJob was sent. */
export async function stopTransformJobIfRunning(
  sm: SageMakerClient,
  name: string,
  logger: ProgressLog,
): Promise<boolean> {
  const job = await describeTransformJob(sm, name);
  if (job?.TransformJobStatus !== 'InProgress') {
    logger.info(`Transform job ${name} is ${job?.TransformJobStatus ?? 'gone'}; nothing to stop.`);
    return false;
  }
  try {
    await sm.send(new StopTransformJobCommand({ TransformJobName: name }));
  } catch (error) {
    throw explainAwsError(error, 'sagemaker:StopTransformJob', transformJob(name));
  }
  logger.warning(
    `The workflow was cancelled while transform job ${name} was running: sent StopTransformJob.`,
  );
  return true;
}
