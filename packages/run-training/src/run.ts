import { basename, join, resolve } from 'node:path';
import type { CreateTrainingJobRequest, DescribeTrainingJobResponse } from '@aws-sdk/client-sagemaker';
import {
  createModelPackage,
  describeTrainingJob,
  isExpiredCredentials,
  LogFollower,
  startOrAttachTrainingJob,
  stopTrainingJobIfRunning,
  waitForTrainingJob,
} from '@mlops-actions/aws';
import { UserError } from '@mlops-actions/core';
import { parseS3Uri } from '@mlops-actions/data';
import type { ActionDeps, ActionResult } from '@mlops-actions/github';
import { escapeMarkdown } from '@mlops-actions/report';
import { extractFromArchive, openArchive, uploadFile, writeTo } from './artifacts.js';
import { buildTrainingJobRequest, checkJobName, defaultJobName } from './config.js';
import type { TrainingInputs } from './inputs.js';
import { runLocal } from './local.js';
import { modelPackageRequest } from './register.js';

/** State names shared by the main and post steps. */
export const STATE = { job: 'training-job', settled: 'training-job-settled' } as const;

type Metric = { MetricName?: string; Value?: number; Timestamp?: Date | string };

function jobNameFor(inputs: TrainingInputs, deps: ActionDeps): string {
  if (inputs.jobName) return checkJobName(inputs.jobName);
  const fromConfig = inputs.jobConfig.TrainingJobName;
  if (typeof fromConfig === 'string' && fromConfig) return checkJobName(fromConfig);
  const c = deps.context;
  return defaultJobName({
    repository: c.repository ? c.repository.repo : 'training',
    runId: c.runId,
    runAttempt: c.runAttempt,
    job: c.job,
    step: deps.env.GITHUB_ACTION ?? '',
  });
}

function summaryFor(o: {
  name: string;
  status: string;
  backend: string;
  artifact: string;
  metrics: Metric[];
  seconds: number | undefined;
  billable: number | undefined;
  packageArn: string;
  predictions: string;
}): string {
  const rows = [
    ['Backend', o.backend],
    ['Status', o.status],
    ['Model artifact', o.artifact ? `\`${o.artifact}\`` : '–'],
    ['Training time', o.seconds !== undefined ? `${o.seconds} s` : '–'],
    ['Billable time', o.billable !== undefined ? `${o.billable} s` : '–'],
    ...(o.predictions ? [['Predictions', `\`${o.predictions}\``]] : []),
    ...(o.packageArn ? [['Model package', `\`${o.packageArn}\` (PendingManualApproval)`]] : []),
  ];
  const out = [
    `### Training job \`${o.name}\`: ${o.status}`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${escapeMarkdown(v!).replace(/\\`/g, '`')} |`),
  ];
  if (o.metrics.length) {
    out.push('', '| Metric | Value |', '| --- | ---: |');
    for (const m of o.metrics) out.push(`| ${escapeMarkdown(m.MetricName ?? '')} | ${m.Value} |`);
  }
  return `${out.join('\n')}\n`;
}

const metricsJson = (metrics: Metric[]) =>
  JSON.stringify(
    metrics.map((m) => ({
      MetricName: m.MetricName,
      Value: m.Value,
      ...(m.Timestamp ? { Timestamp: new Date(m.Timestamp).toISOString() } : {}),
    })),
  );

/** run-training: a SageMaker training job (or the same contract locally), its artifact, predictions and registration. */
export async function runTraining(inputs: TrainingInputs, deps: ActionDeps): Promise<ActionResult> {
  const { logger } = deps;
  const name = jobNameFor(inputs, deps);
  const s3 = () => deps.aws.s3();
  let status: string;
  let artifact = '';
  let arn = '';
  let metrics: Metric[] = [];
  let seconds: number | undefined;
  let billable: number | undefined;
  let outputArchive = '';
  let failure: string | undefined;
  let image = inputs.inferenceImage ?? inputs.image;

  if (inputs.backend === 'local') {
    const outputPath = inputs.outputPath ?? 'run-training-output';
    const remote = parseS3Uri(outputPath);
    const run = await runLocal({
      command: inputs.entryPoint!,
      jobName: name,
      hyperparameters: inputs.hyperparameters,
      channels: inputs.channels,
      environment: inputs.environment,
      outputDir: remote ? join(process.cwd(), 'run-training-output') : outputPath,
      metricDefinitions: inputs.metricDefinitions,
      s3,
      logger,
      env: deps.env,
      now: deps.now,
    });
    status = 'Completed';
    arn = `local:${name}`;
    seconds = run.seconds;
    billable = 0;
    metrics = run.metrics;
    artifact = resolve(run.modelArchive);
    outputArchive = run.outputArchive;
    if (remote) {
      const prefix = `${outputPath.replace(/\/+$/, '')}/${name}/output`;
      await uploadFile(run.modelArchive, `${prefix}/model.tar.gz`, s3);
      await uploadFile(run.outputArchive, `${prefix}/output.tar.gz`, s3);
      artifact = `${prefix}/model.tar.gz`;
      outputArchive = `${prefix}/output.tar.gz`;
      logger.info(`Uploaded the archives to ${prefix}/`);
    }
  } else {
    const request: CreateTrainingJobRequest = buildTrainingJobRequest(
      inputs.jobConfig as Partial<CreateTrainingJobRequest>,
      inputs,
      name,
    );
    image ??= request.AlgorithmSpecification?.TrainingImage;
    const sm = deps.aws.sagemaker();
    const started = await startOrAttachTrainingJob(sm, request, logger);
    arn = started.arn;
    if (!inputs.wait) {
      status = (await describeTrainingJob(sm, name))?.TrainingJobStatus ?? 'InProgress';
      logger.info(`wait: false – not waiting. A later step can attach with job-name: ${name}.`);
      return {
        outputs: {
          'job-name': name,
          'job-arn': arn,
          status,
          'model-artifact': '',
          metrics: '[]',
          'training-seconds': '',
          'billable-seconds': '',
          predictions: '',
          'model-package-arn': '',
        },
        summary: `### Training job \`${name}\`: ${status}\n\nNot waited for (\`wait: false\`).\n`,
      };
    }
    if (inputs.stopOnCancel) deps.state.save(STATE.job, name);
    const follower = new LogFollower(deps.aws.logs(), name, logger);
    // Settled on every way out of the wait but a cancellation (SIGINT ends the process without unwinding).
    let waited: Awaited<ReturnType<typeof waitForTrainingJob>>;
    const waitStart = deps.now().getTime();
    try {
      waited = await waitForTrainingJob(
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
    const { job, timedOut } = waited;
    if (timedOut) {
      throw new UserError(
        `Training job ${name} is still ${job.TrainingJobStatus} (${job.SecondaryStatus}) after the ${Math.round(inputs.timeoutMs / 60_000)}m timeout; it keeps running.`,
        {
          hint: `Reattach in a later step or job with job-name: ${name} (and fresh credentials from configure-aws-credentials), or raise timeout below the credentials' lifetime.`,
        },
      );
    }
    status = job.TrainingJobStatus!;
    metrics = job.FinalMetricDataList ?? [];
    seconds = job.TrainingTimeInSeconds;
    billable = job.BillableTimeInSeconds;
    artifact = job.ModelArtifacts?.S3ModelArtifacts ?? '';
    outputArchive = outputArchiveOf(job);
    if (status === 'Failed')
      failure = `Training job ${name} failed: ${job.FailureReason ?? 'no FailureReason given'}`;
    if (status === 'Stopped' && !inputs.allowStopped)
      failure = `Training job ${name} was stopped${job.FailureReason ? `: ${job.FailureReason}` : ''}. Set allow-stopped: true to accept a stopped job.`;
  }

  let predictions = '';
  if (!failure && inputs.predictionsPath && outputArchive) {
    const destination =
      inputs.predictionsDestination ?? join('run-training', name, basename(inputs.predictionsPath));
    const body = await extractFromArchive(
      await openArchive(outputArchive, s3),
      inputs.predictionsPath,
      outputArchive,
    );
    await writeTo(parseS3Uri(destination) ? destination : resolve(destination), body, s3);
    predictions = parseS3Uri(destination) ? destination : resolve(destination);
    logger.info(`Extracted ${inputs.predictionsPath} from ${outputArchive} to ${predictions}`);
  }

  let packageArn = '';
  if (!failure && inputs.register) {
    if (!parseS3Uri(artifact))
      throw new UserError(
        'Input "register" needs the model artifact in S3: with backend local, set output-path to an s3:// prefix.',
      );
    if (!image)
      throw new UserError('Input "register" needs an inference image: set "inference-image" (or "image").');
    const request = modelPackageRequest({
      group: inputs.register,
      jobName: name,
      modelArtifact: artifact,
      image,
      contentTypes: inputs.contentTypes,
      metrics,
      context: deps.context,
    });
    packageArn = await createModelPackage(deps.aws.sagemaker(), request, logger);
  }

  return {
    outputs: {
      'job-name': name,
      'job-arn': arn,
      status,
      'model-artifact': artifact,
      metrics: metricsJson(metrics),
      'training-seconds': seconds ?? '',
      'billable-seconds': billable ?? '',
      predictions,
      'model-package-arn': packageArn,
    },
    summary: summaryFor({
      name,
      status,
      backend: inputs.backend,
      artifact,
      metrics,
      seconds,
      billable,
      packageArn,
      predictions,
    }),
    failure,
  };
}

/** SageMaker writes /opt/ml/output/data as <S3OutputPath>/<job>/output/output.tar.gz. */
export function outputArchiveOf(job: DescribeTrainingJobResponse): string {
  const base = job.OutputDataConfig?.S3OutputPath?.replace(/\/+$/, '');
  return base ? `${base}/${job.TrainingJobName}/output/output.tar.gz` : '';
}

/** The post step: stop the job when the main step was interrupted (cancelled) while waiting for it. */
export async function postTraining(deps: ActionDeps): Promise<void> {
  const name = deps.state.get(STATE.job);
  if (!name) return;
  if (deps.state.get(STATE.settled) === 'true') {
    deps.logger.debug(`Training job ${name} settled in the main step; nothing to clean up.`);
    return;
  }
  await stopTrainingJobIfRunning(deps.aws.sagemaker(), name, deps.logger);
}
