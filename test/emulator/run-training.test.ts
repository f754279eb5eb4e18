import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  DescribeTrainingJobCommand,
  ListModelPackagesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultJobName } from '../../packages/run-training/src/config.js';
import { packageSourceDir } from '../../packages/run-training/src/source-dir.js';
import { repoRoot, runStep } from '../harness/runner.js';
import {
  ACCOUNT,
  createBucket,
  emulatorEnv,
  emulatorS3,
  emulatorSageMaker,
  emulatorUrl,
  REGION,
  resetEmulator,
} from './emulator.js';

const inputs = {
  image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/train:1`,
  'role-arn': `arn:aws:iam::${ACCOUNT}:role/sagemaker-execution`,
  'instance-type': 'ml.m5.large',
  channels: 'train: s3://ml-bucket/train/',
  'output-path': 's3://ml-bucket/models/',
  'poll-interval': '1s',
  register: 'purchases',
};

describe.skipIf(!emulatorUrl)('run-training (bundled) against the AWS emulator', () => {
  beforeEach(async () => {
    await resetEmulator();
    await createBucket(emulatorS3(), 'ml-bucket');
  });

  it('starts a training job, waits for it, registers the model; a re-run attaches and registers nothing twice', async () => {
    // The emulator's jobs write nothing: the model the job would write is put where SageMaker writes it.
    const jobName = defaultJobName({
      repository: 'ml-repo',
      runId: '9001',
      runAttempt: 1,
      job: 'test',
      step: '__run-training',
    });
    await emulatorS3().send(
      new PutObjectCommand({
        Bucket: 'ml-bucket',
        Key: `models/${jobName}/output/model.tar.gz`,
        Body: 'model',
      }),
    );
    const first = await runStep('run-training', { env: emulatorEnv(), runId: '9001', inputs });
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    const name = first.outputs['job-name']!;
    expect(name).toMatch(/^ml-repo-9001-1-[0-9a-f]{6}$/);
    expect(first.outputs.status).toBe('Completed');
    expect(first.outputs['model-package-arn']).toMatch(
      new RegExp(`^arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/purchases/1$`),
    );
    expect(name).toBe(jobName);
    const model = `s3://ml-bucket/models/${name}/output/model.tar.gz`;
    // SHA-256 of "model", as sha256sum prints it.
    expect(first.log).toContain(
      `SHA-256 of ${model}: 9372c470eeadd5ecd9c3c74c2b3cb633f8e2f2fad799250a0f70d652b6b825e4`,
    );

    const sm = new SageMakerClient({
      region: REGION,
      endpoint: emulatorUrl,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const job = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
    expect(job.AlgorithmSpecification?.TrainingImage).toBe(inputs.image);
    expect(job.RoleArn).toBe(inputs['role-arn']);

    const again = await runStep('run-training', { env: emulatorEnv(), runId: '9001', inputs });
    expect(again.errors).toEqual([]);
    expect(again.outputs['job-name']).toBe(name);
    expect(again.log).toMatch(/attach|already/i);
    expect(again.outputs['model-package-arn']).toBe(first.outputs['model-package-arn']);
    const packages = await sm.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'purchases' }));
    expect(packages.ModelPackageSummaryList).toHaveLength(1);
  });

  it('script mode: uploads the packaged source under its hash once and starts the job with the framework image and JSON-encoded hyperparameters', async () => {
    const sourceDir = join(repoRoot, 'examples/ml');
    const script = {
      ...inputs,
      image: '',
      register: '',
      framework: 'sklearn:1.2-1',
      'source-dir': sourceDir,
      'entry-point': 'train.py',
      hyperparameters: 'epochs: 8\nlabel: purchased',
    };
    const first = await runStep('run-training', { env: emulatorEnv(), runId: '9101', inputs: script });
    expect(first.errors).toEqual([]);
    const { sha256, bytes } = await packageSourceDir(sourceDir);
    const key = `models/source/${sha256}/sourcedir.tar.gz`;
    const object = await emulatorS3().send(new GetObjectCommand({ Bucket: 'ml-bucket', Key: key }));
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    const job = await emulatorSageMaker().send(
      new DescribeTrainingJobCommand({ TrainingJobName: first.outputs['job-name']! }),
    );
    expect(job.AlgorithmSpecification?.TrainingImage).toBe(
      `683313688378.dkr.ecr.${REGION}.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3`,
    );
    expect(job.HyperParameters).toMatchObject({
      epochs: '8',
      label: '"purchased"',
      sagemaker_program: '"train.py"',
      sagemaker_submit_directory: `"s3://ml-bucket/${key}"`,
      sagemaker_region: `"${REGION}"`,
    });
    const second = await runStep('run-training', { env: emulatorEnv(), runId: '9102', inputs: script });
    expect(second.errors).toEqual([]);
    expect(second.log).toContain('is already uploaded');
  });
});
