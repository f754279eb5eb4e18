import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeAwsJson } from './harness/aws-json.js';
import { runAction, runStep } from './harness/runner.js';
import { TransformWorld } from './harness/transform-world.js';

const ROLE = 'arn:aws:iam::123456789012:role/sagemaker-execution';

const inputs = {
  'model-package-group': 'purchases',
  'execution-role-arn': ROLE,
  input: 's3://ml-bucket/data/eval/',
  output: 's3://ml-bucket/predictions/champion/',
  'input-filter': '$[2:]',
  'output-filter': '$',
  'poll-interval': '1s',
};

describe('batch-transform (bundled action) on SageMaker', () => {
  const aws = new FakeAwsJson();
  let world: TransformWorld;
  beforeAll(() => aws.start());
  afterAll(() => aws.stop());
  beforeEach(() => {
    aws.calls.length = 0;
    world = new TransformWorld();
    world.pollsToFinish = 1;
    for (const [op, handler] of Object.entries(world.wireHandlers)) aws.on(op, handler);
  });

  it('scores with the newest Approved package: creates its model, starts the job with ids joined, waits, sets outputs and summary', async () => {
    world.addPackage('purchases', 'Approved');
    const v2 = world.addPackage('purchases', 'Approved');
    world.addPackage('purchases', 'PendingManualApproval');
    const res = await runStep('batch-transform', { env: aws.env(), runId: '8080', inputs });
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    const name = res.outputs['job-name']!;
    expect(name).toMatch(/^ml-repo-8080-1-[0-9a-f]{6}$/);
    expect(res.outputs).toEqual({
      'job-name': name,
      'job-arn': `arn:aws:sagemaker:eu-west-1:123456789012:transform-job/${name}`,
      status: 'Completed',
      'model-name': 'purchases-v2',
      predictions: 's3://ml-bucket/predictions/champion/',
      'model-package-arn': v2,
    });
    expect(aws.callsTo('CreateModel').map((c) => c.input)).toEqual([
      {
        ModelName: 'purchases-v2',
        PrimaryContainer: { ModelPackageName: v2 },
        ExecutionRoleArn: ROLE,
      },
    ]);
    const [create] = aws.callsTo('CreateTransformJob');
    expect(create!.input).toMatchObject({
      TransformJobName: name,
      ModelName: 'purchases-v2',
      DataProcessing: { InputFilter: '$[2:]', OutputFilter: '$', JoinSource: 'Input' },
      TransformInput: {
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://ml-bucket/data/eval/' } },
        ContentType: 'text/csv',
        SplitType: 'Line',
      },
      TransformOutput: { S3OutputPath: 's3://ml-bucket/predictions/champion/', Accept: 'text/csv' },
    });
    expect(res.log).toMatch(/\[0s\] transform job .*: InProgress/);
    expect(res.log).toMatch(/\[1s\] transform job .*: Completed/);
    expect(res.summary).toContain(`### Batch transform \`${name}\`: Completed`);
    expect(res.summary).toContain('| Duration | 12 min 34 s |');
    expect(res.summary).toContain(`| Model package | \`${v2}\` |`);
  });

  it('a re-run of the attempt attaches to its job: no second CreateTransformJob or CreateModel', async () => {
    world.addPackage('purchases', 'Approved');
    const first = await runStep('batch-transform', { env: aws.env(), runId: '8081', inputs });
    expect(first.exitCode).toBe(0);
    const again = await runStep('batch-transform', { env: aws.env(), runId: '8081', inputs });
    expect(again.errors).toEqual([]);
    expect(again.outputs['job-name']).toBe(first.outputs['job-name']);
    expect(again.outputs['model-name']).toBe('purchases-v1');
    expect(again.log).toMatch(/already exists \(Completed\): attaching to it/);
    expect(aws.callsTo('CreateTransformJob')).toHaveLength(1);
    expect(aws.callsTo('CreateModel')).toHaveLength(1);
    const next = await runStep('batch-transform', { env: aws.env(), runId: '8081', runAttempt: 2, inputs });
    expect(next.outputs['job-name']).not.toBe(first.outputs['job-name']);
    expect(aws.callsTo('CreateTransformJob')).toHaveLength(2);
    expect(aws.callsTo('CreateModel')).toHaveLength(1); // the package version's model is reused
  });

  it('cancelled while waiting: the post step sends StopTransformJob', async () => {
    world.addPackage('purchases', 'Approved');
    world.pollsToFinish = 1000;
    const { main, post } = await runAction('batch-transform', {
      env: aws.env(),
      runId: '8082',
      cancelWhen: /transform job .*: InProgress/,
      inputs,
    });
    expect(main.exitCode).not.toBe(0);
    const name = aws.callsTo('CreateTransformJob')[0]!.input.TransformJobName as string;
    expect(main.state['transform-job']).toBe(name);
    expect(post!.exitCode).toBe(0);
    expect(aws.callsTo('StopTransformJob').map((c) => c.input)).toEqual([{ TransformJobName: name }]);
    expect(post!.warnings.join('\n')).toMatch(/cancelled while transform job .* sent StopTransformJob/);
  });

  it('a finished job is left alone by the post step', async () => {
    world.addPackage('purchases', 'Approved');
    const { main, post } = await runAction('batch-transform', { env: aws.env(), runId: '8083', inputs });
    expect(main.exitCode).toBe(0);
    expect(post!.exitCode).toBe(0);
    expect(aws.callsTo('StopTransformJob')).toEqual([]);
  });

  it('Failed: the step fails with SageMaker’s FailureReason, outputs and summary set', async () => {
    world.addPackage('purchases', 'Approved');
    world.outcome = 'Failed';
    world.failureReason = 'AlgorithmError: could not convert string to float: "customer_id"';
    const res = await runStep('batch-transform', { env: aws.env(), runId: '8084', inputs });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toEqual([
      `Transform job ${res.outputs['job-name']} failed: AlgorithmError: could not convert string to float: "customer_id"`,
    ]);
    expect(res.outputs.status).toBe('Failed');
    expect(res.summary).toContain('Failure reason');
  });

  it('no Approved package yet: skipped with a note when asked, else a clear error naming the group', async () => {
    world.addPackage('purchases', 'PendingManualApproval');
    const skipped = await runStep('batch-transform', {
      env: aws.env(),
      inputs: { ...inputs, 'if-none-approved': 'skip' },
    });
    expect(skipped.exitCode).toBe(0);
    expect(skipped.outputs.status).toBe('skipped');
    expect(skipped.summary).toMatch(/no Approved model package yet\. Nothing was scored/);
    const failed = await runStep('batch-transform', { env: aws.env(), inputs });
    expect(failed.exitCode).toBe(1);
    expect(failed.errors[0]).toMatch(/Model package group purchases has no Approved model package yet/);
    expect(aws.callsTo('CreateTransformJob')).toEqual([]);
  });
});
