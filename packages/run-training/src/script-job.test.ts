import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CloudWatchLogsClient, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateModelPackageCommand,
  CreateTrainingJobCommand,
  DescribeModelPackageGroupCommand,
  DescribeTrainingJobCommand,
  ListModelPackagesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { errorMessage, isUserError } from '@mlops-actions/core';
import { runContextFromEnv } from '@mlops-actions/github';
import { testDeps, testInputs } from '@mlops-actions/github/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { runTraining } from './run.js';
import { packageSourceDir } from './source-dir.js';

const sm = mockClient(SageMakerClient);
const s3 = mockClient(S3Client);
const logs = mockClient(CloudWatchLogsClient);
const JOB = 'purchases-4242-1-abc123';
const env = { AWS_REGION: 'eu-west-1', GITHUB_REPOSITORY: 'acme/purchases', GITHUB_RUN_ID: '4242' };

function sourceDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ml-'));
  writeFileSync(join(dir, 'train.py'), 'print("training")\n');
  writeFileSync(join(dir, 'features.py'), 'COLUMNS = ["age"]\n');
  return dir;
}

const base = (dir: string) => ({
  'job-name': JOB,
  'source-dir': dir,
  'entry-point': 'train.py',
  framework: 'sklearn:1.2-1',
  'role-arn': 'arn:aws:iam::123456789012:role/sagemaker-execution',
  'instance-type': 'ml.m5.xlarge',
  channels: 'train: s3://ml-bucket/data/train/',
  'output-path': 's3://ml-bucket/models/',
  hyperparameters: 'epochs: 8\nlabel: purchased\nlearning_rate: 0.05',
});

const inputs = (values: Record<string, string>) => testInputs({ definition, parseInputs }, values);
const deps = () => testDeps({ env, context: runContextFromEnv(env) });
const completed = {
  TrainingJobName: JOB,
  TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${JOB}`,
  TrainingJobStatus: 'Completed' as const,
  SecondaryStatus: 'Completed' as const,
  ModelArtifacts: { S3ModelArtifacts: `s3://ml-bucket/models/${JOB}/output/model.tar.gz` },
};
const notFound = Object.assign(new Error('Requested resource not found.'), { name: 'ValidationException' });
const noObject = Object.assign(new Error('NotFound'), {
  name: 'NotFound',
  $metadata: { httpStatusCode: 404 },
});

async function userError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => expect.fail('expected a UserError'),
    (e: unknown) => e,
  );
  expect(isUserError(error), String(error)).toBe(true);
  return errorMessage(error);
}

beforeEach(() => {
  sm.reset();
  s3.reset();
  logs.reset();
  logs.on(DescribeLogStreamsCommand).resolves({ logStreams: [] });
});

describe('run-training script mode on SageMaker', () => {
  it('uploads the packaged source under its hash and starts the job with the framework image and JSON-encoded hyperparameters', async () => {
    const dir = sourceDir();
    const { sha256, bytes } = await packageSourceDir(dir);
    sm.on(DescribeTrainingJobCommand).rejectsOnce(notFound).resolves(completed);
    sm.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: completed.TrainingJobArn });
    s3.on(HeadObjectCommand).rejects(noObject);
    s3.on(PutObjectCommand).resolves({});
    const res = await runTraining(inputs(base(dir)), deps());
    expect(res.failure).toBeUndefined();
    const key = `models/source/${sha256}/sourcedir.tar.gz`;
    const put = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put).toMatchObject({ Bucket: 'ml-bucket', Key: key, ContentType: 'application/gzip' });
    expect(Buffer.from(put.Body as Uint8Array).equals(bytes)).toBe(true);
    const request = sm.commandCalls(CreateTrainingJobCommand)[0]!.args[0].input;
    expect(request.AlgorithmSpecification?.TrainingImage).toBe(
      '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
    );
    expect(request.HyperParameters).toEqual({
      epochs: '8',
      label: '"purchased"',
      learning_rate: '0.05',
      sagemaker_program: '"train.py"',
      sagemaker_submit_directory: `"s3://ml-bucket/${key}"`,
      sagemaker_container_log_level: '20',
      sagemaker_region: '"eu-west-1"',
      sagemaker_job_name: `"${JOB}"`,
    });
  });

  it('does not upload the same source twice; registers the framework image with the code’s location', async () => {
    const dir = sourceDir();
    const { sha256 } = await packageSourceDir(dir);
    sm.on(DescribeTrainingJobCommand).rejectsOnce(notFound).resolves(completed);
    sm.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: completed.TrainingJobArn });
    sm.on(DescribeModelPackageGroupCommand).resolves({ ModelPackageGroupName: 'purchases' });
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] });
    sm.on(CreateModelPackageCommand).resolves({ ModelPackageArn: 'arn:mp/1' });
    s3.on(HeadObjectCommand).resolves({});
    // The model artifact, hashed for the package (HeadObject gave no checksum of S3's own).
    s3.on(GetObjectCommand).callsFake(async () => ({ Body: Readable.from([Buffer.from('model')]) }));
    const d = deps();
    await runTraining(inputs({ ...base(dir), register: 'purchases' }), d);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'ml-bucket',
      Key: `models/source/${sha256}/sourcedir.tar.gz`,
    });
    expect(d.logger.lines.map((l) => l.message).join('\n')).toMatch(
      /is already uploaded .*not uploading it again/,
    );
    expect(
      sm.commandCalls(CreateModelPackageCommand)[0]!.args[0].input.InferenceSpecification?.Containers,
    ).toEqual([
      {
        Image: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
        ModelDataUrl: completed.ModelArtifacts.S3ModelArtifacts,
        Environment: {
          SAGEMAKER_PROGRAM: 'train.py',
          SAGEMAKER_SUBMIT_DIRECTORY: `s3://ml-bucket/models/source/${sha256}/sourcedir.tar.gz`,
          SAGEMAKER_CONTAINER_LOG_LEVEL: '20',
          SAGEMAKER_REGION: 'eu-west-1',
        },
      },
    ]);
  });

  const cases: [string, Record<string, string>, RegExp][] = [
    ['image and framework together', { image: 'my-image:1' }, /"image" and "framework" are both set/],
    ['an unknown framework', { framework: 'sklearn:0.1' }, /sklearn has no version "0\.1".*1\.0-1, 1\.2-1/],
    [
      'an entry point not in the source dir',
      { 'entry-point': 'fit.py' },
      /fit\.py is not in source-dir.*features\.py, train\.py/,
    ],
    [
      'an entry point outside the source dir',
      { 'entry-point': '../train.py' },
      /must be a path inside source-dir/,
    ],
    ['a source dir without entry point', { 'entry-point': '' }, /needs "entry-point"/],
    [
      'entry-point without source-dir',
      { 'source-dir': '' },
      /"entry-point" \("train\.py"\) needs "source-dir"/,
    ],
    ['command on SageMaker', { command: 'make train' }, /"command" is for backend: local/],
    ['a local output path', { 'output-path': 'models' }, /"output-path" must be an s3:\/\/ URI/],
  ];
  it.each(cases)('refuses %s before uploading or starting anything', async (_name, values, message) => {
    const dir = sourceDir();
    expect(await userError((async () => runTraining(inputs({ ...base(dir), ...values }), deps()))())).toMatch(
      message,
    );
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(sm.commandCalls(CreateTrainingJobCommand)).toHaveLength(0);
  });
});
