import type { DescribeTrainingJobResponse } from '@aws-sdk/client-sagemaker';
import {
  describeTrainingJob,
  isExpiredCredentials,
  LogFollower,
  resolveRegion,
  startOrAttachTrainingJob,
  stopTrainingJobIfRunning,
  type TrainingWaitOutcome,
  waitForTrainingJob,
} from '@mlops-actions/aws';
import { UserError } from '@mlops-actions/core';
import { type ActionDeps, stopUnsettledJob } from '@mlops-actions/github';
import type { TrainingInputs } from './inputs.js';
import type { StartedJob, TrainingOutcome } from './job.js';
import { frameworkImageFor, sagemakerJobRequest } from './sagemaker-request.js';
import { prepareScriptMode, type ScriptMode, uploadSource } from './script-job.js';

/** State names shared by the main and post steps. */
export const STATE = { job: 'training-job', settled: 'training-job-settled' } as const;

/** SageMaker writes /opt/ml/output/data as <S3OutputPath>/<job>/output/output.tar.gz. */
function outputArchiveOf(job: DescribeTrainingJobResponse): string {
  const base = job.OutputDataConfig?.S3OutputPath?.replace(/\/+$/, '');
  return base ? `${base}/${job.TrainingJobName}/output/output.tar.gz` : '';
}

/** Wait for the job, streaming its logs; credentials that expire mid-wait say how to reattach. */
async function waitSettled(
  inputs: TrainingInputs,
  name: string,
  deps: ActionDeps,
): Promise<TrainingWaitOutcome> {
  const sm = deps.aws.sagemaker();
  if (inputs.stopOnCancel) deps.state.save(STATE.job, name);
  const follower = new LogFollower(deps.aws.logs(), name, deps.logger);
  // Settled on every way out of the wait but a cancellation (SIGINT ends the process without unwinding).
  const waitStart = deps.now().getTime();
  try {
    return await waitForTrainingJob(
      sm,
      follower,
      name,
      { pollMs: inputs.pollMs, timeoutMs: inputs.timeoutMs },
      deps,
    );
  } catch (error) {
    if (isExpiredCredentials((error as { cause?: unknown }).cause ?? error)) {
      const minutes = Math.round((deps.now().getTime() - waitStart) / 60_000);
      throw new UserError(
        `The AWS credentials expired after ${minutes} minutes of waiting for training job ${name}; the job keeps running.`,
        {
          hint: `Reattach from a new job with fresh credentials (configure-aws-credentials) and job-name: ${name}; raise role-duration-seconds (and the role's MaxSessionDuration) or keep timeout below it.`,
          cause: error,
        },
      );
    }
    throw error;
  } finally {
    deps.state.save(STATE.settled, 'true');
  }
}

/** The SageMaker backend: start (or attach to) the job, wait for it unless `wait: false`, and read what it left. */
export async function trainOnSageMaker(
  inputs: TrainingInputs,
  name: string,
  deps: ActionDeps,
): Promise<TrainingOutcome | StartedJob> {
  const { logger } = deps;
  const config = inputs.jobConfig as { OutputDataConfig?: { S3OutputPath?: string } };
  const region = resolveRegion(deps.env);
  const framework = frameworkImageFor(inputs, region);
  if (framework) logger.info(`Framework ${inputs.framework}: ${framework.uri}`);
  const outputPath = inputs.outputPath ?? config.OutputDataConfig?.S3OutputPath ?? '';
  let script: ScriptMode | undefined;
  if (inputs.sourceDir) script = await prepareScriptMode(inputs, name, region, outputPath);
  const request = sagemakerJobRequest(inputs, name, framework, script);
  // After validation, so a bad input uploads nothing.
  if (script) await uploadSource(deps.aws.s3(), script, logger);
  const sm = deps.aws.sagemaker();
  const started = await startOrAttachTrainingJob(sm, request, logger);
  if (!inputs.wait) {
    const status = (await describeTrainingJob(sm, name))?.TrainingJobStatus ?? 'InProgress';
    logger.info(`wait: false – not waiting. A later step can attach with job-name: ${name}.`);
    return { notWaited: true, arn: started.arn, status };
  }
  const { job, timedOut } = await waitSettled(inputs, name, deps);
  if (timedOut) {
    throw new UserError(
      `Training job ${name} is still ${job.TrainingJobStatus} (${job.SecondaryStatus}) after the ${Math.round(inputs.timeoutMs / 60_000)}m timeout; it keeps running.`,
      {
        hint: `Reattach in a later step or job with job-name: ${name} (and fresh credentials from configure-aws-credentials), or raise timeout below the credentials' lifetime.`,
      },
    );
  }
  const status = job.TrainingJobStatus!;
  let failure: string | undefined;
  if (status === 'Failed')
    failure = `Training job ${name} failed: ${job.FailureReason ?? 'no FailureReason given'}`;
  if (status === 'Stopped' && !inputs.allowStopped)
    failure = `Training job ${name} was stopped${job.FailureReason ? `: ${job.FailureReason}` : ''}. Set allow-stopped: true to accept a stopped job.`;
  return {
    status,
    arn: started.arn,
    metrics: job.FinalMetricDataList ?? [],
    seconds: job.TrainingTimeInSeconds,
    billable: job.BillableTimeInSeconds,
    artifact: job.ModelArtifacts?.S3ModelArtifacts ?? '',
    outputArchive: outputArchiveOf(job),
    image:
      inputs.inferenceImage ??
      inputs.image ??
      (framework
        ? framework.serves
          ? framework.uri
          : undefined
        : request.AlgorithmSpecification?.TrainingImage),
    servingEnvironment: script?.servingEnvironment,
    failure,
  };
}

/** The post step: stop the job when the main step was interrupted (cancelled) while waiting for it. */
export async function postTraining(deps: ActionDeps): Promise<void> {
  await stopUnsettledJob(deps, STATE, 'Training job', (name) =>
    stopTrainingJobIfRunning(deps.aws.sagemaker(), name, deps.logger),
  );
}
