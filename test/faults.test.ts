import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsFault, FakeAwsJson } from './harness/aws-json.js';
import { FakeAwsQuery } from './harness/aws-query.js';
import { runStep } from './harness/runner.js';

// AWS faults injected at the protocol level, under the bundled actions with the SDK's real retry behaviour.
const training = {
  image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/train:1',
  'role-arn': 'arn:aws:iam::123456789012:role/sagemaker-execution',
  'instance-type': 'ml.m5.large',
  channels: 'train: s3://ml-bucket/train/',
  'output-path': 's3://ml-bucket/models/',
  'poll-interval': '20ms',
};

describe('AWS faults under run-training (bundled action)', () => {
  const aws = new FakeAwsJson();
  const created = new Set<string>();
  let describeScript:
    | ((n: number) => 'throttle' | 'unavailable' | 'expired' | 'InProgress' | 'Completed')
    | undefined;
  let describes = 0;
  // SageMaker's wording for a job that does not exist; the moto emulator says "Could not find training job …".
  let notFound = (_name: string) => 'Requested resource not found.';

  beforeAll(() => aws.start());
  afterAll(() => aws.stop());
  beforeEach(() => {
    aws.calls.length = 0;
    created.clear();
    describes = 0;
    describeScript = undefined;
    notFound = () => 'Requested resource not found.';
    aws
      .on('DescribeTrainingJob', (input) => {
        const name = input.TrainingJobName as string;
        if (!created.has(name)) throw new AwsFault('ValidationException', notFound(name));
        const step = describeScript?.(describes++) ?? 'Completed';
        if (step === 'throttle') throw new AwsFault('ThrottlingException', 'Rate exceeded');
        if (step === 'unavailable') throw new AwsFault('ServiceUnavailable', 'Service is unavailable', 503);
        if (step === 'expired')
          throw new AwsFault(
            'ExpiredTokenException',
            'The security token included in the request is expired',
          );
        return {
          TrainingJobName: name,
          TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${name}`,
          TrainingJobStatus: step,
          SecondaryStatus: step === 'Completed' ? 'Completed' : 'Training',
          ModelArtifacts: { S3ModelArtifacts: `s3://ml-bucket/models/${name}/output/model.tar.gz` },
        };
      })
      .on('CreateTrainingJob', (input) => {
        created.add(input.TrainingJobName as string);
        return {
          TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${input.TrainingJobName}`,
        };
      })
      .on('DescribeLogStreams', () => ({ logStreams: [] }));
  });

  const run = (extra: Record<string, string | undefined> = {}, options: Parameters<typeof runStep>[1] = {}) =>
    runStep('run-training', {
      runId: '3131',
      env: { ...aws.env(), AWS_MAX_ATTEMPTS: '5', ...extra },
      inputs: training,
      ...options,
    });

  it('a throttling burst and a ServiceUnavailable burst are retried by the SDK and the step succeeds', async () => {
    describeScript = (n) => (n < 2 ? 'throttle' : n < 4 ? 'unavailable' : n < 5 ? 'InProgress' : 'Completed');
    const res = await run();
    expect(res.errors).toEqual([]);
    expect(res.outputs.status).toBe('Completed');
    expect(aws.callsTo('CreateTrainingJob')).toHaveLength(1);
  });

  it('a new job under the emulator’s "Could not find training job" wording is started, not a failure', async () => {
    notFound = (name) =>
      `Could not find training job 'arn:aws:sagemaker:eu-west-1:123456789012:training-job/${name}'.`;
    const res = await run();
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    expect(res.outputs.status).toBe('Completed');
    expect(aws.callsTo('CreateTrainingJob')).toHaveLength(1);
  });

  it('throttling beyond the retry budget fails with the AWS error, not a stack trace', async () => {
    describeScript = () => 'throttle';
    const res = await run({ AWS_MAX_ATTEMPTS: '2' });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatch(
      /sagemaker:DescribeTrainingJob failed: ThrottlingException: Rate exceeded .*AWS_MAX_ATTEMPTS/,
    );
    expect(res.errors[0]).not.toMatch(/\n\s+at /);
  });

  it('credentials that expire mid-wait: says after how long, that the job keeps running, and how to reattach', async () => {
    describeScript = (n) => (n < 2 ? 'InProgress' : 'expired');
    const res = await run();
    expect(res.exitCode).toBe(1);
    const name = aws.callsTo('CreateTrainingJob')[0]!.input.TrainingJobName as string;
    expect(res.errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `The AWS credentials expired after \\d+ minutes of waiting for training job ${name}; the job keeps running\\. Reattach .*job-name: ${name}`,
        ),
      ),
    ]);
  });

  it('AccessDenied names the IAM action to grant', async () => {
    aws.on('CreateTrainingJob', () => {
      throw new AwsFault(
        'AccessDeniedException',
        'User: arn:aws:sts::123456789012:assumed-role/ci/gh is not authorized to perform: sagemaker:CreateTrainingJob',
      );
    });
    const res = await run();
    expect(res.exitCode).toBe(1);
    expect(res.errors[0]).toMatch(
      /sagemaker:CreateTrainingJob failed: AccessDeniedException: .* add it \(and iam:PassRole on the SageMaker execution role\)/,
    );
  });

  it('a process killed mid-run: the re-run attaches to the job instead of starting a second one', async () => {
    describeScript = (n) => (n < 3 ? 'InProgress' : 'Completed');
    const killed = await run(
      {},
      { cancelWhen: /InProgress – Training/, inputs: { ...training, 'stop-on-cancel': 'false' } },
    );
    expect(killed.exitCode).not.toBe(0);
    const again = await run();
    expect(again.exitCode).toBe(0);
    expect(again.outputs.status).toBe('Completed');
    expect(aws.callsTo('CreateTrainingJob')).toHaveLength(1);
    expect(again.log).toMatch(/already exists \(InProgress\): attaching to it/);
  });
});

describe('AWS faults under deploy-stack (bundled action)', () => {
  const cfn = new FakeAwsQuery();
  let throttles = 0;
  beforeAll(async () => {
    await cfn.start();
    cfn
      .on('DescribeStacks', () => {
        if (throttles-- > 0) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
        return {
          Stacks: [
            {
              StackName: 'ml-infra',
              StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/ml-infra/1',
              StackStatus: 'UPDATE_COMPLETE',
              CreationTime: new Date(),
            },
          ],
        };
      })
      .on('CreateChangeSet', () => ({ Id: 'cs-1' }))
      .on('DescribeChangeSet', () => ({
        Status: 'FAILED',
        StatusReason: "The submitted information didn't contain changes.",
      }))
      .on('DeleteChangeSet', () => ({}));
  });
  afterAll(() => cfn.stop());

  it('retries CloudFormation throttling and reports an empty change set as success', async () => {
    throttles = 3;
    const res = await runStep('deploy-stack', {
      env: { ...cfn.env(), AWS_MAX_ATTEMPTS: '5' },
      workspace: undefined,
      inputs: {
        'stack-name': 'ml-infra',
        template: `${process.cwd()}/examples/infrastructure/template.yaml`,
        parameters: 'GitHubOrg: o\nGitHubRepo: r',
      },
    });
    expect(res.errors).toEqual([]);
    expect(res.outputs['has-changes']).toBe('false');
    expect(cfn.callsTo('DescribeStacks').length).toBeGreaterThanOrEqual(4);
  });
});
