import { basename, join, resolve } from 'node:path';
import { createModelPackage, objectSha256 } from '@mlops-actions/aws';
import { UserError } from '@mlops-actions/core';
import { parseS3Uri } from '@mlops-actions/data';
import type { ActionDeps, ActionResult } from '@mlops-actions/github';
import { renderTrainingNotWaited, renderTrainingSummary } from '@mlops-actions/report';
import { extractFromArchive, openArchive, writeTo } from './artifacts.js';
import { jobNameFor } from './config.js';
import type { TrainingInputs } from './inputs.js';
import type { TrainingOutcome } from './job.js';
import { trainLocally } from './local-job.js';
import { modelPackageRequest } from './register.js';
import { trainOnSageMaker } from './sagemaker-job.js';

const metricsJson = (metrics: TrainingOutcome['metrics']) =>
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
  const job =
    inputs.backend === 'local'
      ? await trainLocally(inputs, name, deps)
      : await trainOnSageMaker(inputs, name, deps);
  if ('notWaited' in job)
    return {
      outputs: {
        'job-name': name,
        'job-arn': job.arn,
        status: job.status,
        'model-artifact': '',
        metrics: '[]',
        'training-seconds': '',
        'billable-seconds': '',
        predictions: '',
        'model-package-arn': '',
      },
      summary: renderTrainingNotWaited(name, job.status),
    };
  const {
    status,
    arn,
    artifact,
    outputArchive,
    metrics,
    seconds,
    billable,
    image,
    failure,
    servingEnvironment,
  } = job;

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
      throw new UserError(
        'Input "register" needs an inference image: set "inference-image" (or "image"; a pytorch or tensorflow training image does not serve).',
      );
    const digest = await objectSha256(s3(), parseS3Uri(artifact)!);
    if (!digest)
      throw new UserError(`Cannot register ${artifact}: the model artifact does not exist.`, {
        hint: 'The job wrote no model: check that the training script saves it under SM_MODEL_DIR (/opt/ml/model).',
      });
    logger.info(
      `SHA-256 of ${artifact}: ${digest.sha256} (${digest.source === 's3-checksum' ? "S3's stored checksum" : `computed from its ${digest.bytes} bytes`}), recorded in the package for promote-model to check`,
    );
    const request = modelPackageRequest({
      group: inputs.register,
      jobName: name,
      modelArtifact: artifact,
      artifactSha256: digest.sha256,
      image,
      contentTypes: inputs.contentTypes,
      environment: servingEnvironment,
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
    summary: renderTrainingSummary({
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
