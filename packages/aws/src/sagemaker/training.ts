import {
  CreateTrainingJobCommand,
  type CreateTrainingJobRequest,
  DescribeTrainingJobCommand,
  type DescribeTrainingJobResponse,
  type SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { UserError } from '@mlops-actions/core';
import { type ExplainOptions, explainAwsError, isAlreadyExists, unlessNotFound } from '../errors.js';
import type { LogFollower } from '../logs.js';
import { formatElapsed, type ProgressLog, type WaitDeps, type WaitOptions, WaitProgress } from '../wait.js';

const MAX_POLL_MS = 60_000;

const training = (name: string): ExplainOptions => ({
  detail: ` (job ${name})`,
  passRole: 'the SageMaker execution role',
  validationHint:
    'SageMaker rejected the request: fix the field it names in job-config or the matching input.',
});

/** Describe a training job, or undefined when it does not exist. */
export async function describeTrainingJob(
  sm: SageMakerClient,
  name: string,
): Promise<DescribeTrainingJobResponse | undefined> {
  return unlessNotFound(
    sm.send(new DescribeTrainingJobCommand({ TrainingJobName: name })),
    'sagemaker:DescribeTrainingJob',
    training(name),
  );
}

/** Start the job, or attach to it when a job of that name exists (a re-run of the same attempt). */
export async function startOrAttachTrainingJob(
  sm: SageMakerClient,
  request: CreateTrainingJobRequest,
  logger: ProgressLog,
): Promise<{ arn: string; attached: boolean }> {
  const name = request.TrainingJobName!;
  const existing = await describeTrainingJob(sm, name);
  if (existing) {
    logger.info(
      `Training job ${name} already exists (${existing.TrainingJobStatus}): attaching to it instead of starting another.`,
    );
    return { arn: existing.TrainingJobArn!, attached: true };
  }
  try {
    const { TrainingJobArn } = await sm.send(new CreateTrainingJobCommand(request));
    logger.info(`Started training job ${name}`);
    return { arn: TrainingJobArn!, attached: false };
  } catch (error) {
    if (isAlreadyExists(error)) {
      const job = await describeTrainingJob(sm, name);
      if (job) {
        logger.info(`Training job ${name} was started concurrently: attaching to it.`);
        return { arn: job.TrainingJobArn!, attached: true };
      }
    }
    throw explainAwsError(error, 'sagemaker:CreateTrainingJob', training(name));
  }
}

/** How a wait for a training job ended: the job as last seen, and whether the timeout came first. */
export interface TrainingWaitOutcome {
  job: DescribeTrainingJobResponse;
  timedOut: boolean;
}

/**
 * The most a running job has left, where SageMaker's limits give a bound (it reports no progress of the training
 * itself): MaxRuntime counted from TrainingStartTime, and for managed spot training MaxWait (waiting for capacity
 * plus running) counted from CreationTime; the nearer one, or nothing when neither applies yet.
 */
function timeLeft(job: DescribeTrainingJobResponse): ((nowMs: number) => string | undefined) | undefined {
  const at = (time: Date | undefined) => (time ? new Date(time).getTime() : Number.NaN);
  const bounds: { end: number; name: string }[] = [];
  const { MaxRuntimeInSeconds: runtime, MaxWaitTimeInSeconds: wait } = job.StoppingCondition ?? {};
  if (runtime && Number.isFinite(at(job.TrainingStartTime)))
    bounds.push({
      end: at(job.TrainingStartTime) + runtime * 1000,
      name: `MaxRuntime ${formatElapsed(runtime * 1000)}`,
    });
  if (wait && job.EnableManagedSpotTraining && Number.isFinite(at(job.CreationTime)))
    bounds.push({ end: at(job.CreationTime) + wait * 1000, name: `MaxWait ${formatElapsed(wait * 1000)}` });
  if (bounds.length === 0) return undefined;
  const nearest = bounds.reduce((a, b) => (b.end < a.end ? b : a));
  return (nowMs) => {
    const left = nearest.end - nowMs;
    return left > 0 ? `at most ${formatElapsed(left)} left (${nearest.name})` : undefined;
  };
}

/**
 * Poll until the job leaves InProgress/Stopping: log each status and secondary-status transition with the elapsed
 * time, stream the logs between polls. The interval starts at `pollMs` and grows by half (up to a minute) while
 * nothing changes; a transition resets it. Between polls a heartbeat comes at least every 10 s (WaitProgress),
 * with the time MaxRuntime leaves the job. Stops at `timeoutMs` (the job keeps running).
 */
export async function waitForTrainingJob(
  sm: SageMakerClient,
  logs: LogFollower | undefined,
  name: string,
  options: WaitOptions,
  deps: WaitDeps,
): Promise<TrainingWaitOutcome> {
  const progress = new WaitProgress(deps, `training job ${name}`);
  let last = '';
  let interval = options.pollMs;
  for (;;) {
    const job = await describeTrainingJob(sm, name);
    if (!job) throw new UserError(`Training job ${name} disappeared while waiting for it.`);
    const state = `${job.TrainingJobStatus}/${job.SecondaryStatus}`;
    const since = progress.elapsed();
    progress.set(`${job.TrainingJobStatus} – ${job.SecondaryStatus}`, timeLeft(job));
    if (state !== last) {
      const message = job.SecondaryStatusTransitions?.at(-1)?.StatusMessage;
      progress.info(
        `[${formatElapsed(since)}] ${job.TrainingJobStatus} – ${job.SecondaryStatus}${message ? `: ${message}` : ''}`,
      );
      last = state;
      interval = options.pollMs;
    } else interval = Math.min(MAX_POLL_MS, Math.round(interval * 1.5));
    await logs?.poll();
    if (job.TrainingJobStatus !== 'InProgress' && job.TrainingJobStatus !== 'Stopping')
      return { job, timedOut: false };
    if (since + interval > options.timeoutMs) {
      await progress.sleep(Math.max(0, options.timeoutMs - since));
      return { job: (await describeTrainingJob(sm, name)) ?? job, timedOut: true };
    }
    await progress.sleep(interval);
  }
}

/** Stop the job when it is still running (a cancelled workflow); true when StopTrainingJob was sent. */
export async function stopTrainingJobIfRunning(
  sm: SageMakerClient,
  name: string,
  logger: ProgressLog,
): Promise<boolean> {
  const job = await describeTrainingJob(sm, name);
  if (job?.TrainingJobStatus !== 'InProgress') {
    logger.info(`Training job ${name} is ${job?.TrainingJobStatus ?? 'gone'}; nothing to stop.`);
    return false;
  }
  await sm
    .send(new StopTrainingJobCommand({ TrainingJobName: name }))
    .catch((error) => Promise.reject(explainAwsError(error, 'sagemaker:StopTrainingJob', training(name))));
  logger.warning(`The workflow was cancelled while training job ${name} was running: sent StopTrainingJob.`);
  return true;
}
