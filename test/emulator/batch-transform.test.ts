import {
  CreateModelPackageGroupCommand,
  DescribeModelCommand,
  DescribeTransformJobCommand,
  ListTransformJobsCommand,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, it } from 'vitest';
import { runStep } from '../harness/runner.js';
import {
  ACCOUNT,
  createBucket,
  emulatorEnv,
  emulatorS3,
  emulatorSageMaker,
  emulatorUrl,
  registerModelPackage,
  resetEmulator,
} from './emulator.js';

const sm = emulatorSageMaker;
const registerPackage = (approval: 'Approved' | 'PendingManualApproval') =>
  registerModelPackage('purchases', approval);

const inputs = {
  'model-package-group': 'purchases',
  'execution-role-arn': `arn:aws:iam::${ACCOUNT}:role/sagemaker-execution`,
  input: 's3://ml-bucket/data/eval/',
  output: 's3://ml-bucket/predictions/champion/',
  'input-filter': '$[2:]',
  'output-filter': '$',
  'poll-interval': '1s',
};

describe.skipIf(!emulatorUrl)('batch-transform (bundled) against the AWS emulator', () => {
  beforeEach(async () => {
    await resetEmulator();
    await createBucket(emulatorS3(), 'ml-bucket');
    await sm().send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'purchases' }));
  });

  it('scores with the newest Approved package (model created from it, ids joined); a re-run attaches', async () => {
    await registerPackage('Approved');
    const v2 = await registerPackage('Approved');
    await registerPackage('PendingManualApproval');

    const first = await runStep('batch-transform', { env: emulatorEnv(), runId: '9101', inputs });
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    const name = first.outputs['job-name']!;
    expect(name).toMatch(/^ml-repo-9101-1-[0-9a-f]{6}$/);
    expect(first.outputs).toMatchObject({
      status: 'Completed',
      'model-name': 'purchases-v2',
      'model-package-arn': v2,
      predictions: 's3://ml-bucket/predictions/champion/',
    });

    const model = await sm().send(new DescribeModelCommand({ ModelName: 'purchases-v2' }));
    expect(model.PrimaryContainer?.ModelPackageName).toBe(v2);
    const job = await sm().send(new DescribeTransformJobCommand({ TransformJobName: name }));
    expect(job.ModelName).toBe('purchases-v2');
    expect(job.DataProcessing).toEqual({ InputFilter: '$[2:]', OutputFilter: '$', JoinSource: 'Input' });
    expect(job.TransformInput?.DataSource?.S3DataSource?.S3Uri).toBe(inputs.input);
    expect(job.TransformOutput?.S3OutputPath).toBe(inputs.output);

    const again = await runStep('batch-transform', { env: emulatorEnv(), runId: '9101', inputs });
    expect(again.errors).toEqual([]);
    expect(again.outputs['job-name']).toBe(name);
    expect(again.outputs['model-name']).toBe('purchases-v2');
    expect(again.log).toMatch(/already exists \(Completed\): attaching/);
    const jobs = await sm().send(new ListTransformJobsCommand({}));
    expect(jobs.TransformJobSummaries?.map((j) => j.TransformJobName)).toEqual([name]);
  });

  it('a model package group with nothing approved: skip with a note, or fail naming the group', async () => {
    await registerPackage('PendingManualApproval');
    const skipped = await runStep('batch-transform', {
      env: emulatorEnv(),
      inputs: { ...inputs, 'if-none-approved': 'skip' },
    });
    expect(skipped.errors).toEqual([]);
    expect(skipped.outputs.status).toBe('skipped');
    const failed = await runStep('batch-transform', { env: emulatorEnv(), inputs });
    expect(failed.exitCode).toBe(1);
    expect(failed.errors[0]).toMatch(/Model package group purchases has no Approved model package yet/);
  });

  it('an unknown group fails naming the input', async () => {
    const res = await runStep('batch-transform', {
      env: emulatorEnv(),
      inputs: { ...inputs, 'model-package-group': 'nope' },
    });
    expect(res.exitCode).toBe(1);
    expect(res.errors[0]).toMatch(/Model package group nope (does not exist|has no Approved model package)/);
  });
});
