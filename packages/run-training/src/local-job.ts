import { resolve } from 'node:path';
import { parseS3Uri, writeFileAtomic } from '@mlops-actions/data';
import type { ActionDeps } from '@mlops-actions/github';
import { uploadFile } from './artifacts.js';
import type { TrainingInputs } from './inputs.js';
import type { TrainingOutcome } from './job.js';
import { type LocalProgram, runLocal } from './local.js';
import { prepareScriptMode, type ScriptMode, uploadSource } from './script-job.js';

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
  if (inputs.framework)
    logger.info(
      `framework ${inputs.framework} is for backend sagemaker; the local run uses this machine's Python.`,
    );
  // The region only names where the job would run (sagemaker_region); a local run needs no AWS.
  const region = deps.env.AWS_REGION || deps.env.AWS_DEFAULT_REGION || 'local';
  let script: ScriptMode | undefined;
  let program: LocalProgram;
  if (inputs.sourceDir) {
    script = await prepareScriptMode(inputs, name, region, remote ? outputPath : resolve(outputPath));
    program = {
      kind: 'script',
      source: script.source,
      program: script.program,
      python: deps.env.MLOPS_PYTHON || 'python3',
      command: inputs.command,
    };
  } else program = { kind: 'command', command: inputs.command! };
  const run = await runLocal({
    program,
    jobName: name,
    hyperparameters: script?.hyperparameters ?? inputs.hyperparameters,
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
  // The package goes where sagemaker_submit_directory says, as on SageMaker, so the registered model can find it.
  if (script && remote) await uploadSource(s3(), script, logger);
  else if (script) await writeFileAtomic(script.submitDirectory, script.source.bytes);
  const outcome: TrainingOutcome = {
    status: 'Completed',
    arn: `local:${name}`,
    seconds: run.seconds,
    billable: 0,
    metrics: run.metrics,
    artifact: remote ? `${prefix}/model.tar.gz` : resolve(run.modelArchive),
    outputArchive: remote ? `${prefix}/output.tar.gz` : run.outputArchive,
    image: inputs.inferenceImage ?? inputs.image,
    servingEnvironment: script?.servingEnvironment,
    failure: undefined,
  };
  return outcome;
}
