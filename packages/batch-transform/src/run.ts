import type { DescribeTransformJobResponse, SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  describeModel,
  describeModelPackage,
  describeTransformJob,
  ensureModel,
  listModelPackages,
  modelPackageOf,
  startTransformJob,
  stopTransformJobIfRunning,
  waitForTransformJob,
} from '@mlops-actions/aws';
import { UserError } from '@mlops-actions/core';
import { type ActionDeps, type ActionResult, stepRunScope, stopUnsettledJob } from '@mlops-actions/github';
import { renderTransformSummary } from '@mlops-actions/report';
import type { TransformInputs } from './inputs.js';
import {
  buildTransformJobRequest,
  defaultTransformJobName,
  modelNameForPackage,
  predictionsPrefix,
} from './request.js';

/** State names shared by the main and post steps. */
export const STATE = { job: 'transform-job', settled: 'transform-job-settled' } as const;

interface ResolvedModel {
  name: string;
  packageArn: string | undefined;
}

function jobNameFor(inputs: TransformInputs, deps: ActionDeps): string {
  if (inputs.jobName) return inputs.jobName;
  return defaultTransformJobName(stepRunScope(deps.context, deps.env, 'transform'));
}

/** The model the job runs: the named model, or the package's model, created once per package version. */
async function resolveModel(
  sm: SageMakerClient,
  inputs: TransformInputs,
  deps: ActionDeps,
): Promise<ResolvedModel | undefined> {
  const spec = inputs.model;
  if (spec.kind === 'model') {
    const model = await describeModel(sm, spec.name);
    if (!model)
      throw new UserError(`Input "model-name": there is no SageMaker model ${spec.name}.`, {
        hint: 'Check the name and that the step runs in the model’s account and region, or name a model package instead.',
      });
    return { name: spec.name, packageArn: modelPackageOf(model) };
  }
  let arn: string;
  if (spec.kind === 'latest-approved') {
    const [latest] = await listModelPackages(sm, spec.group, {
      status: 'Approved',
      max: 1,
      input: 'model-package-group',
    });
    if (!latest) return undefined;
    arn = latest.arn;
    deps.logger.info(`The newest Approved package of ${spec.group} is ${arn}`);
  } else arn = spec.arn;
  const pkg = await describeModelPackage(sm, arn, 'model-package');
  if (pkg.ModelApprovalStatus === 'Rejected')
    throw new UserError(`Input "model-package": ${arn} is Rejected in the model registry.`, {
      hint: 'Score with an Approved (or pending) package, e.g. model-package: latest-approved.',
    });
  const name = modelNameForPackage(pkg.ModelPackageGroupName!, pkg.ModelPackageVersion!);
  if (!(await describeModel(sm, name))) {
    if (!inputs.executionRoleArn)
      throw new UserError(
        `Input "execution-role-arn" is required to create model ${name} from ${arn} (no model of that name exists yet).`,
        { hint: 'Pass the SageMaker execution role, the one run-training and promote-model use.' },
      );
    // Untagged: the container names the package, and tagging on create would need sagemaker:AddTags too.
    if (await ensureModel(sm, name, arn, inputs.executionRoleArn, { tagged: false }))
      deps.logger.info(`Created model ${name} from ${arn}`);
  } else deps.logger.info(`Using model ${name} (${arn})`);
  return { name, packageArn: arn };
}

const secondsOf = (job: DescribeTransformJobResponse) =>
  job.TransformStartTime && job.TransformEndTime
    ? (new Date(job.TransformEndTime).getTime() - new Date(job.TransformStartTime).getTime()) / 1000
    : undefined;

function result(
  inputs: TransformInputs,
  o: { name: string; arn: string; status: string; model: ResolvedModel | undefined },
  job: DescribeTransformJobResponse | undefined,
  extra: { failure?: string; note?: string } = {},
): ActionResult {
  const predictions = o.model ? predictionsPrefix(inputs.output) : '';
  const resources = job?.TransformResources;
  return {
    outputs: {
      'job-name': o.name,
      'job-arn': o.arn,
      status: o.status,
      'model-name': o.model?.name ?? '',
      predictions,
      'model-package-arn': o.model?.packageArn ?? '',
    },
    summary: renderTransformSummary({
      jobName: o.name,
      status: o.status,
      modelName: o.model?.name ?? '',
      modelPackageArn: o.model?.packageArn,
      input: inputs.input,
      predictions,
      instances: resources
        ? `${resources.InstanceCount} × ${resources.InstanceType}`
        : `${inputs.instanceCount} × ${inputs.instanceType}`,
      seconds: job ? secondsOf(job) : undefined,
      failureReason: job?.FailureReason || undefined,
      note: extra.note,
    }),
    failure: extra.failure,
  };
}

/** batch-transform: score `input` with a model package (or model) through a SageMaker Batch Transform job. */
export async function runBatchTransform(inputs: TransformInputs, deps: ActionDeps): Promise<ActionResult> {
  const { logger } = deps;
  const sm = deps.aws.sagemaker();
  const name = jobNameFor(inputs, deps);

  let arn: string;
  let model: ResolvedModel | undefined;
  const existing = await describeTransformJob(sm, name);
  if (existing) {
    // A re-run of the same attempt: the job it started is the result, whatever was approved since.
    logger.info(
      `Transform job ${name} already exists (${existing.TransformJobStatus}): attaching to it instead of starting another.`,
    );
    arn = existing.TransformJobArn!;
    const modelName = existing.ModelName!;
    model = { name: modelName, packageArn: modelPackageOf(await describeModel(sm, modelName)) };
  } else {
    model = await resolveModel(sm, inputs, deps);
    if (!model) {
      const group = inputs.model.kind === 'latest-approved' ? inputs.model.group : '';
      const message = `Model package group ${group} has no Approved model package yet.`;
      if (inputs.ifNoneApproved === 'fail')
        throw new UserError(message, {
          hint: 'Approve one (promote-model), name a package ARN, or set if-none-approved: skip to skip scoring until then.',
        });
      logger.info(`${message} Skipping the transform (if-none-approved: skip).`);
      return result(inputs, { name: '', arn: '', status: 'skipped', model: undefined }, undefined, {
        note: `${message} Nothing was scored (if-none-approved: skip).`,
      });
    }
    const request = buildTransformJobRequest(inputs, name, model.name);
    arn = (await startTransformJob(sm, request, logger)).arn;
  }

  if (!inputs.wait) {
    const status = (await describeTransformJob(sm, name))?.TransformJobStatus ?? 'InProgress';
    logger.info(`wait: false – not waiting. A later step can attach with job-name: ${name}.`);
    return result(inputs, { name, arn, status, model }, undefined, {
      note: 'Not waited for (wait: false).',
    });
  }
  if (inputs.stopOnCancel) deps.state.save(STATE.job, name);
  let waited: Awaited<ReturnType<typeof waitForTransformJob>>;
  try {
    waited = await waitForTransformJob(
      sm,
      name,
      { pollMs: inputs.pollMs, timeoutMs: inputs.timeoutMs },
      deps,
    );
  } finally {
    // Settled on every way out of the wait but a cancellation (SIGINT ends the process without unwinding).
    deps.state.save(STATE.settled, 'true');
  }
  const { job, timedOut } = waited;
  if (timedOut)
    throw new UserError(
      `Transform job ${name} is still ${job.TransformJobStatus} after the ${Math.round(inputs.timeoutMs / 60_000)}m timeout; it keeps running.`,
      {
        hint: `Reattach in a later step or job with job-name: ${name} (and fresh credentials from configure-aws-credentials), or raise timeout below the credentials' lifetime.`,
      },
    );
  const status = job.TransformJobStatus!;
  let failure: string | undefined;
  if (status === 'Failed')
    failure = `Transform job ${name} failed: ${job.FailureReason ?? 'no FailureReason given'}`;
  else if (status === 'Stopped')
    failure = `Transform job ${name} was stopped${job.FailureReason ? `: ${job.FailureReason}` : ''}.`;
  else
    logger.info(`Predictions are in ${predictionsPrefix(inputs.output)} (one .out object per input object).`);
  return result(inputs, { name, arn, status, model }, job, { failure });
}

/** The post step: stop the job when the main step was interrupted (cancelled) while waiting for it. */
export async function postBatchTransform(deps: ActionDeps): Promise<void> {
  await stopUnsettledJob(deps, STATE, 'Transform job', (name) =>
    stopTransformJobIfRunning(deps.aws.sagemaker(), name, deps.logger),
  );
}
