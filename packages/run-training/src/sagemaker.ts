import {
  type CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateTrainingJobCommand,
  type CreateTrainingJobRequest,
  DescribeTrainingJobCommand,
  type DescribeTrainingJobResponse,
  type SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { UserError } from '@mlops-actions/core';
import type { ActionDeps, Logger } from '@mlops-actions/github';

export const LOG_GROUP = '/aws/sagemaker/TrainingJobs';
const MAX_POLL_MS = 60_000;

type AwsError = Error & { name: string; $metadata?: { httpStatusCode?: number } };

const isNotFound = (e: unknown) =>
  (e as AwsError).name === 'ResourceNotFound' ||
  ((e as AwsError).name === 'ValidationException' && /not found|does not exist/i.test((e as Error).message));

/** AWS errors a user can act on, with what to do about them. */
export function explainAwsError(error: unknown, action: string, detail = ''): never {
  const e = error as AwsError;
  const message = (e.message || e.name).replace(/\s+/g, ' ');
  const hints: Record<string, string> = {
    AccessDeniedException: `The credentials from aws-actions/configure-aws-credentials lack permission for ${action}${detail}: add it (and iam:PassRole on the SageMaker execution role) to the role's policy.`,
    ResourceLimitExceeded:
      'An account quota is exhausted (instances of this type, or concurrent jobs): request an increase in Service Quotas, use another instance type, or wait for running jobs.',
    ValidationException:
      'SageMaker rejected the request: fix the field it names in job-config or the matching input.',
    ResourceInUse: 'The resource already exists or is busy.',
    ThrottlingException:
      'AWS kept throttling after the SDK retries (AWS_MAX_ATTEMPTS, default 5): fewer concurrent runs, or a higher AWS_MAX_ATTEMPTS.',
    ServiceUnavailable:
      'SageMaker was unavailable after the SDK retries: re-run the workflow (the job is attached to, not started twice).',
    ExpiredTokenException:
      'The AWS credentials expired (OIDC sessions last 1 hour by default): reattach in a new step with a fresh configure-aws-credentials, or raise role-duration-seconds.',
  };
  const hint = hints[e.name];
  if (!hint) throw error;
  throw new UserError(`${action} failed: ${e.name}: ${message}`, { hint, cause: error });
}

/** Describe the job, or undefined when it does not exist. */
export async function describeJob(
  sm: SageMakerClient,
  name: string,
): Promise<DescribeTrainingJobResponse | undefined> {
  try {
    return await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    explainAwsError(error, 'sagemaker:DescribeTrainingJob');
  }
}

/** Start the job, or attach to it when a job of that name exists (a re-run of the same attempt). */
export async function startOrAttach(
  sm: SageMakerClient,
  request: CreateTrainingJobRequest,
  logger: Logger,
): Promise<{ arn: string; attached: boolean }> {
  const name = request.TrainingJobName!;
  const existing = await describeJob(sm, name);
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
    if ((error as AwsError).name === 'ResourceInUse') {
      const job = await describeJob(sm, name);
      if (job) {
        logger.info(`Training job ${name} was started concurrently: attaching to it.`);
        return { arn: job.TrainingJobArn!, attached: true };
      }
    }
    explainAwsError(error, 'sagemaker:CreateTrainingJob', ` (job ${name})`);
  }
}

/** Follows the job's CloudWatch log streams (`<job>/algo-N-…`), printing new lines as they appear. */
export class LogFollower {
  private readonly tokens = new Map<string, string | undefined>();
  private warned = false;
  private readonly logs: CloudWatchLogsClient;
  private readonly job: string;
  private readonly logger: Logger;
  constructor(logs: CloudWatchLogsClient, job: string, logger: Logger) {
    this.logs = logs;
    this.job = job;
    this.logger = logger;
  }

  async poll(): Promise<number> {
    let printed = 0;
    try {
      let nextToken: string | undefined;
      const streams: string[] = [];
      do {
        const page = await this.logs.send(
          new DescribeLogStreamsCommand({
            logGroupName: LOG_GROUP,
            logStreamNamePrefix: `${this.job}/`,
            nextToken,
          }),
        );
        for (const s of page.logStreams ?? []) if (s.logStreamName) streams.push(s.logStreamName);
        nextToken = page.nextToken;
      } while (nextToken);
      for (const stream of streams.sort()) {
        const prefix = streams.length > 1 ? `[${stream.slice(this.job.length + 1)}] ` : '';
        for (;;) {
          const token = this.tokens.get(stream);
          const page = await this.logs.send(
            new GetLogEventsCommand({
              logGroupName: LOG_GROUP,
              logStreamName: stream,
              startFromHead: true,
              nextToken: token,
            }),
          );
          for (const e of page.events ?? []) {
            for (const line of (e.message ?? '').replace(/\n$/, '').split('\n'))
              this.logger.info(`${prefix}${line}`);
            printed++;
          }
          this.tokens.set(stream, page.nextForwardToken);
          // The same token back means the end of the stream for now.
          if (!page.events?.length || page.nextForwardToken === token) break;
        }
      }
    } catch (error) {
      const name = (error as AwsError).name;
      if (name === 'ResourceNotFoundException') return printed; // the log group appears with the first job
      if (!this.warned) {
        this.warned = true;
        this.logger.warning(
          `Cannot read the training logs (${name}: ${(error as Error).message}); grant logs:DescribeLogStreams and logs:GetLogEvents on ${LOG_GROUP} to see them here. Waiting without logs.`,
        );
      }
    }
    return printed;
  }
}

const elapsed = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

export interface WaitOutcome {
  job: DescribeTrainingJobResponse;
  timedOut: boolean;
}

/**
 * Poll until the job leaves InProgress/Stopping: log each status and secondary-status transition with the elapsed
 * time, stream the logs between polls. The interval starts at `pollMs` and grows by half (up to a minute) while
 * nothing changes; a transition resets it. Stops at `timeoutMs` (the job keeps running).
 */
export async function waitForJob(
  sm: SageMakerClient,
  logs: LogFollower | undefined,
  name: string,
  options: { pollMs: number; timeoutMs: number },
  deps: Pick<ActionDeps, 'logger' | 'now' | 'sleep'>,
): Promise<WaitOutcome> {
  const start = deps.now().getTime();
  let last = '';
  let interval = options.pollMs;
  for (;;) {
    const job = await describeJob(sm, name);
    if (!job) throw new UserError(`Training job ${name} disappeared while waiting for it.`);
    const state = `${job.TrainingJobStatus}/${job.SecondaryStatus}`;
    const since = deps.now().getTime() - start;
    if (state !== last) {
      const message = job.SecondaryStatusTransitions?.at(-1)?.StatusMessage;
      deps.logger.info(
        `[${elapsed(since)}] ${job.TrainingJobStatus} – ${job.SecondaryStatus}${message ? `: ${message}` : ''}`,
      );
      last = state;
      interval = options.pollMs;
    } else interval = Math.min(MAX_POLL_MS, Math.round(interval * 1.5));
    await logs?.poll();
    if (job.TrainingJobStatus !== 'InProgress' && job.TrainingJobStatus !== 'Stopping')
      return { job, timedOut: false };
    if (since + interval > options.timeoutMs) {
      await deps.sleep(Math.max(0, options.timeoutMs - since));
      return { job: (await describeJob(sm, name)) ?? job, timedOut: true };
    }
    await deps.sleep(interval);
  }
}

/** The post step's work: stop the job when it is still running. */
export async function stopIfRunning(sm: SageMakerClient, name: string, logger: Logger): Promise<boolean> {
  const job = await describeJob(sm, name);
  if (job?.TrainingJobStatus !== 'InProgress') {
    logger.info(`Training job ${name} is ${job?.TrainingJobStatus ?? 'gone'}; nothing to stop.`);
    return false;
  }
  await sm.send(new StopTrainingJobCommand({ TrainingJobName: name }));
  logger.warning(`The workflow was cancelled while training job ${name} was running: sent StopTrainingJob.`);
  return true;
}
