import type { S3Client } from '@aws-sdk/client-s3';
import { objectExists, putObject } from '@mlops-actions/aws';
import { UserError } from '@mlops-actions/core';
import { parseS3Uri } from '@mlops-actions/data';
import type { Logger } from '@mlops-actions/github';
import type { TrainingInputs } from './inputs.js';
import { scriptModeHyperparameters } from './script-mode.js';
import { packageSourceDir, type SourcePackage } from './source-dir.js';

/** A source directory ready for script mode: its package, where it goes, and the job's hyperparameters. */
export interface ScriptMode {
  source: SourcePackage;
  program: string;
  /** `<output-path>/source/<sha256>/sourcedir.tar.gz` (a local path with backend local). */
  submitDirectory: string;
  hyperparameters: Record<string, string>;
  /** What a serving container of the same framework needs to find the code (SAGEMAKER_PROGRAM, …). */
  servingEnvironment: Record<string, string>;
}

/** The content-addressed key of a package under an output path: the same code is uploaded once. */
const sourceUri = (outputPath: string, sha256: string) =>
  `${outputPath.replace(/\/+$/, '')}/source/${sha256}/sourcedir.tar.gz`;

/**
 * Package `source-dir`, check the entry point is in it, and build the script-mode hyperparameters: job-config's
 * HyperParameters with the input laid over them, every value JSON-encoded, plus SageMaker's `sagemaker_*` ones.
 */
export async function prepareScriptMode(
  inputs: TrainingInputs,
  jobName: string,
  region: string,
  outputPath: string,
): Promise<ScriptMode> {
  const source = await packageSourceDir(inputs.sourceDir!);
  const program = inputs.entryPoint ?? '';
  const normalised = program.replace(/^\.\//, '');
  if (program && !source.files.includes(normalised))
    throw new UserError(`Input "entry-point": ${normalised} is not in source-dir ${inputs.sourceDir}.`, {
      hint: `It holds ${source.files.slice(0, 10).join(', ')}${source.files.length > 10 ? ', …' : ''}; give entry-point relative to source-dir.`,
    });
  const fromConfig = inputs.jobConfig.HyperParameters;
  const values = new Map<string, unknown>(
    fromConfig && typeof fromConfig === 'object' ? Object.entries(fromConfig) : [],
  );
  for (const [key, value] of inputs.hyperparameterValues) values.set(key, value);
  const submitDirectory = sourceUri(outputPath, source.sha256);
  const settings = { program: normalised, submitDirectory, region, jobName };
  return {
    source,
    program: normalised,
    submitDirectory,
    hyperparameters: scriptModeHyperparameters(values, settings),
    servingEnvironment: {
      SAGEMAKER_PROGRAM: normalised,
      SAGEMAKER_SUBMIT_DIRECTORY: submitDirectory,
      SAGEMAKER_CONTAINER_LOG_LEVEL: '20',
      SAGEMAKER_REGION: region,
    },
  };
}

/** Upload the package to its content-addressed key unless an object is already there (the same code, unchanged). */
export async function uploadSource(s3: S3Client, script: ScriptMode, logger: Logger): Promise<void> {
  const at = parseS3Uri(script.submitDirectory)!;
  const size = `${script.source.files.length} files, ${script.source.bytes.length} bytes`;
  if (await objectExists(s3, at)) {
    logger.info(`Source ${script.submitDirectory} is already uploaded (${size}): not uploading it again.`);
    return;
  }
  await putObject(s3, at, script.source.bytes, 'application/gzip');
  logger.info(`Uploaded the source directory to ${script.submitDirectory} (${size}).`);
}
