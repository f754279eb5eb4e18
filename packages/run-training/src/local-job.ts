import { resolve } from 'node:path';
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
  const prefix = `${outputPath.replace(/\/+$/, '')}/${name}/output`;
  const run = await runLocal({
    command: inputs.entryPoint!,
    jobName: name,
    hyperparameters: inputs.hyperparameters,
    channels: inputs.channels,
    environment: inputs.environment,
    // An s3:// output path: the archives are made in the temp dir and uploaded before it is removed.
    outputDir: remote ? undefined : outputPath,
    publish: remote
      ? async (archives) => {
          await uploadFile(archives.modelArchive, `${prefix}/model.tar.gz`, s3);
          await uploadFile(archives.outputArchive, `${prefix}/output.tar.gz`, s3);
          logger.info(`Uploaded the archives to ${prefix}/`);
        }
      : undefined,
    keepTemp: inputs.keepTemp,
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
    artifact: remote ? `${prefix}/model.tar.gz` : resolve(run.modelArchive),
    outputArchive: remote ? `${prefix}/output.tar.gz` : run.outputArchive,
    image: inputs.inferenceImage ?? inputs.image,
    failure: undefined,
  };
  return outcome;
}
