import { join, resolve } from 'node:path';
import { parseS3Uri } from '@mlops-actions/data';
import type { ActionDeps } from '@mlops-actions/github';
import { uploadFile } from './artifacts.js';
import type { TrainingInputs } from './inputs.js';
import type { TrainingOutcome } from './job.js';
import { runLocal } from './local.js';

/** The local backend: run the entry point with SageMaker's contract, archives uploaded when output-path is S3. */
export async function trainLocally(
  inputs: TrainingInputs,
  name: string,
  deps: ActionDeps,
): Promise<TrainingOutcome> {
  const { logger } = deps;
  const s3 = () => deps.aws.s3();
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
  const outcome: TrainingOutcome = {
    status: 'Completed',
    arn: `local:${name}`,
    seconds: run.seconds,
    billable: 0,
    metrics: run.metrics,
    artifact: resolve(run.modelArchive),
    outputArchive: run.outputArchive,
    image: inputs.inferenceImage ?? inputs.image,
    failure: undefined,
  };
  if (remote) {
    const prefix = `${outputPath.replace(/\/+$/, '')}/${name}/output`;
    await uploadFile(run.modelArchive, `${prefix}/model.tar.gz`, s3);
    await uploadFile(run.outputArchive, `${prefix}/output.tar.gz`, s3);
    outcome.artifact = `${prefix}/model.tar.gz`;
    outcome.outputArchive = `${prefix}/output.tar.gz`;
    logger.info(`Uploaded the archives to ${prefix}/`);
  }
  return outcome;
}
