import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  CreateTrainingJobCommand,
  DescribeModelPackageGroupCommand,
  DescribeTrainingJobCommand,
  type DescribeTrainingJobResponse,
  SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { errorMessage, isUserError } from '@mlops-actions/core';
import { runContextFromEnv } from '@mlops-actions/github';
import { longestSilence, recordLineTimes, testDeps, testInputs } from '@mlops-actions/github/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultJobName, JOB_NAME_PATTERN } from './config.js';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { runTraining } from './run.js';
import { postTraining, STATE } from './sagemaker-job.js';

const sm = mockClient(SageMakerClient);
const logs = mockClient(CloudWatchLogsClient);
const s3 = mockClient(S3Client);
/** The model artifact's SHA-256 as S3 stores it (base64) and as the package records it (hex). */
const MODEL_SHA256 = createHash('sha256').update('model.tar.gz bytes').digest();
const ROLE = 'arn:aws:iam::123456789012:role/sagemaker-execution';
const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/purchases-train:1';
const JOB = 'purchases-4242-1-abc123';

const env = {
  AWS_REGION: 'eu-west-1',
  GITHUB_REPOSITORY: 'acme/purchases',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_ACTOR: 'octocat',
  GITHUB_JOB: 'train',
};

const base = {
  'job-name': JOB,
  image: IMAGE,
  'role-arn': ROLE,
  'instance-type': 'ml.m5.xlarge',
  channels: 'train: s3://ml-bucket/data/train/\neval: s3://ml-bucket/data/eval/',
  'output-path': 's3://ml-bucket/models',
  'poll-interval': '10s',
};

/** The promise rejects with a UserError (one line for the user, not a bug's stack trace) whose message matches. */
async function expectUserError(promise: Promise<unknown>, pattern: RegExp) {
  const error = await promise.then(
    () => expect.fail('expected the promise to reject'),
    (e: unknown) => e,
  );
  expect(isUserError(error), `expected a UserError, got ${String(error)}`).toBe(true);
  expect(errorMessage(error)).toMatch(pattern);
}

const inputs = (values: Record<string, string>) => testInputs({ definition, parseInputs }, values);

const deps = () => testDeps({ env, context: runContextFromEnv(env) });

const job = (over: Partial<DescribeTrainingJobResponse>): DescribeTrainingJobResponse =>
  ({
    TrainingJobName: JOB,
    TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${JOB}`,
    TrainingJobStatus: 'InProgress',
    SecondaryStatus: 'Starting',
    OutputDataConfig: { S3OutputPath: 's3://ml-bucket/models' },
    ...over,
  }) as DescribeTrainingJobResponse;

const notFound = Object.assign(new Error(`Requested resource not found.`), { name: 'ValidationException' });

const completed = job({
  TrainingJobStatus: 'Completed',
  SecondaryStatus: 'Completed',
  ModelArtifacts: { S3ModelArtifacts: `s3://ml-bucket/models/${JOB}/output/model.tar.gz` },
  FinalMetricDataList: [
    { MetricName: 'validation:auc', Value: 0.91, Timestamp: new Date('2026-11-24T12:30:00Z') },
  ],
  TrainingTimeInSeconds: 1800,
  BillableTimeInSeconds: 1750,
});

beforeEach(() => {
  sm.reset();
  logs.reset();
  s3.reset();
  s3.on(HeadObjectCommand).resolves({
    ChecksumSHA256: MODEL_SHA256.toString('base64'),
    ChecksumType: 'FULL_OBJECT',
  });
  logs.on(DescribeLogStreamsCommand).resolves({ logStreams: [] });
});

describe('job names', () => {
  it('are deterministic per run, attempt and step, and always valid', () => {
    const a = defaultJobName({
      repository: 'acme/purchases',
      runId: '4242',
      runAttempt: 1,
      job: 'train',
      step: 'challenger',
    });
    expect(a).toBe(
      defaultJobName({
        repository: 'acme/purchases',
        runId: '4242',
        runAttempt: 1,
        job: 'train',
        step: 'challenger',
      }),
    );
    expect(a).toMatch(/^purchases-4242-1-[0-9a-f]{6}$/);
    expect(
      defaultJobName({
        repository: 'acme/purchases',
        runId: '4242',
        runAttempt: 2,
        job: 'train',
        step: 'challenger',
      }),
    ).not.toBe(a);
    expect(
      defaultJobName({
        repository: 'acme/purchases',
        runId: '4242',
        runAttempt: 1,
        job: 'train',
        step: 'champion',
      }),
    ).not.toBe(a);
    const long = defaultJobName({
      repository: `acme/${'very_long.repository-name'.repeat(5)}`,
      runId: '12345678901',
      runAttempt: 3,
      job: 'j',
      step: 's',
    });
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(JOB_NAME_PATTERN);
    expect(defaultJobName({ repository: 'acme/---', runId: '1', runAttempt: 1, job: '', step: '' })).toMatch(
      JOB_NAME_PATTERN,
    );
  });
});

describe('run-training on SageMaker', () => {
  it('sends the exact CreateTrainingJob request (job-config with inputs laid over it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'job-config-'));
    const config = join(dir, 'job.yaml');
    writeFileSync(
      config,
      [
        'AlgorithmSpecification:',
        '  TrainingImage: old-image',
        '  TrainingInputMode: FastFile',
        'HyperParameters: { epochs: "5", lr: "0.1" }',
        'ResourceConfig: { InstanceType: ml.c5.xlarge, InstanceCount: 1, VolumeSizeInGB: 50 }',
        'InputDataConfig:',
        '  - ChannelName: train',
        '    DataSource: { S3DataSource: { S3DataType: S3Prefix, S3Uri: s3://old/train/ } }',
        '  - ChannelName: extra',
        '    DataSource: { S3DataSource: { S3DataType: S3Prefix, S3Uri: s3://ml-bucket/extra/ } }',
        'EnableNetworkIsolation: true',
      ].join('\n'),
    );
    sm.on(DescribeTrainingJobCommand).rejectsOnce(notFound).resolves(completed);
    sm.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: completed.TrainingJobArn });
    const res = await runTraining(
      inputs({
        ...base,
        'job-config': config,
        hyperparameters: 'epochs: 10\nbatch: 64',
        environment: 'LOG_LEVEL: debug',
        tags: 'team: ml',
        spot: 'true',
        'max-runtime': '2h',
        'max-wait': '3h',
        'checkpoint-uri': 's3://ml-bucket/checkpoints/',
        'metric-definitions': "'validation:auc': 'auc=([0-9.]+)'",
        'vpc-config': 'SecurityGroupIds: [sg-1]\nSubnets: [subnet-1, subnet-2]',
      }),
      deps(),
    );
    expect(res.failure).toBeUndefined();
    expect(sm.commandCalls(CreateTrainingJobCommand)[0]!.args[0].input).toEqual({
      TrainingJobName: JOB,
      AlgorithmSpecification: {
        TrainingImage: IMAGE,
        TrainingInputMode: 'FastFile',
        MetricDefinitions: [{ Name: 'validation:auc', Regex: 'auc=([0-9.]+)' }],
      },
      RoleArn: ROLE,
      HyperParameters: { epochs: '10', lr: '0.1', batch: '64' },
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 50 },
      InputDataConfig: [
        {
          ChannelName: 'extra',
          DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://ml-bucket/extra/' } },
        },
        {
          ChannelName: 'train',
          DataSource: {
            S3DataSource: {
              S3DataType: 'S3Prefix',
              S3Uri: 's3://ml-bucket/data/train/',
              S3DataDistributionType: 'FullyReplicated',
            },
          },
        },
        {
          ChannelName: 'eval',
          DataSource: {
            S3DataSource: {
              S3DataType: 'S3Prefix',
              S3Uri: 's3://ml-bucket/data/eval/',
              S3DataDistributionType: 'FullyReplicated',
            },
          },
        },
      ],
      OutputDataConfig: { S3OutputPath: 's3://ml-bucket/models' },
      StoppingCondition: { MaxRuntimeInSeconds: 7200, MaxWaitTimeInSeconds: 10800 },
      Environment: { LOG_LEVEL: 'debug' },
      Tags: [{ Key: 'team', Value: 'ml' }],
      EnableManagedSpotTraining: true,
      CheckpointConfig: { S3Uri: 's3://ml-bucket/checkpoints/' },
      VpcConfig: { SecurityGroupIds: ['sg-1'], Subnets: ['subnet-1', 'subnet-2'] },
      EnableNetworkIsolation: true,
    });
    expect(res.outputs).toMatchObject({
      'job-name': JOB,
      status: 'Completed',
      'model-artifact': `s3://ml-bucket/models/${JOB}/output/model.tar.gz`,
      metrics: JSON.stringify([
        { MetricName: 'validation:auc', Value: 0.91, Timestamp: '2026-11-24T12:30:00.000Z' },
      ]),
      'training-seconds': 1800,
      'billable-seconds': 1750,
    });
  });

  it('logs every status transition with elapsed time, streams log lines, backs off while nothing changes', async () => {
    sm.on(DescribeTrainingJobCommand)
      .rejectsOnce(notFound)
      .resolvesOnce(job({ SecondaryStatus: 'Starting' }))
      .resolvesOnce(
        job({
          SecondaryStatus: 'Downloading',
          SecondaryStatusTransitions: [
            { Status: 'Downloading', StartTime: new Date(), StatusMessage: 'Downloading input data' },
          ],
        }),
      )
      .resolvesOnce(job({ SecondaryStatus: 'Training' }))
      .resolvesOnce(job({ SecondaryStatus: 'Training' }))
      .resolvesOnce(job({ SecondaryStatus: 'Training' }))
      .resolves(completed);
    sm.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: completed.TrainingJobArn });
    logs
      .on(DescribeLogStreamsCommand)
      .resolves({ logStreams: [{ logStreamName: `${JOB}/algo-1-1700000000` }] });
    logs
      .on(GetLogEventsCommand)
      .resolvesOnce({ events: [{ message: 'epoch 1 auc=0.80', timestamp: 1 }], nextForwardToken: 'f/1' })
      .resolvesOnce({ events: [], nextForwardToken: 'f/1' })
      .resolvesOnce({
        events: [{ message: 'epoch 2 auc=0.91\nsaved model', timestamp: 2 }],
        nextForwardToken: 'f/2',
      })
      .resolves({ events: [], nextForwardToken: 'f/2' });
    const d = deps();
    // Time slept between one DescribeTrainingJob and the next (heartbeats cut a sleep into slices).
    const slept = new Map<number, number>();
    const sleep = d.sleep;
    d.sleep = async (ms) => {
      const polls = sm.commandCalls(DescribeTrainingJobCommand).length;
      slept.set(polls, (slept.get(polls) ?? 0) + ms);
      await sleep(ms);
    };
    const res = await runTraining(inputs(base), d);
    const lines = d.logger.lines.map((l) => l.message);
    expect(lines.filter((l) => /^\[\d/.test(l))).toEqual([
      '[0s] InProgress – Starting',
      '[10s] InProgress – Downloading: Downloading input data',
      '[20s] InProgress – Training',
      '[1m08s] Completed – Completed',
    ]);
    expect(lines).toContain('epoch 1 auc=0.80');
    expect(lines).toContain('epoch 2 auc=0.91');
    expect(lines).toContain('saved model');
    expect([...slept.values()]).toEqual([10_000, 10_000, 10_000, 15_000, 22_500]);
    expect(logs.commandCalls(GetLogEventsCommand)[1]!.args[0].input).toMatchObject({
      logGroupName: '/aws/sagemaker/TrainingJobs',
      logStreamName: `${JOB}/algo-1-1700000000`,
      startFromHead: true,
      nextToken: 'f/1',
    });
    expect(res.outputs.status).toBe('Completed');
    expect(d.saved.get(STATE.settled)).toBe('true');
  });

  it('says at least every 10 s that it waits, how long, and the most MaxRuntime leaves, while polls back off to a minute', async () => {
    const started = new Date('2026-11-24T12:00:00Z'); // testDeps' clock
    const training = job({
      SecondaryStatus: 'Training',
      TrainingStartTime: started,
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    });
    let chain = sm.on(DescribeTrainingJobCommand).rejectsOnce(notFound);
    for (let i = 0; i < 12; i++) chain = chain.resolvesOnce(training);
    chain.resolves(completed);
    sm.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: completed.TrainingJobArn });
    const d = deps();
    const start = d.now().getTime();
    const stamps = recordLineTimes(d);
    await runTraining(inputs(base), d);
    const heartbeats = stamps.filter((s) => s.line.startsWith(`Waiting for training job ${JOB}`));
    expect(heartbeats.length).toBeGreaterThan(30);
    expect(heartbeats[0]!.line).toBe(
      `Waiting for training job ${JOB} (InProgress – Training), 10s elapsed, at most 59m50s left (MaxRuntime 60m00s)`,
    );
    // The last polls are a minute apart, and the job's log stays alive in between.
    expect(stamps.at(-1)!.t - start).toBeGreaterThan(8 * 60_000);
    expect(longestSilence(start, stamps).ms).toBeLessThanOrEqual(10_000);
  });

  it('bounds a managed spot job waiting for capacity by MaxWait from its creation', async () => {
    const waiting = job({
      SecondaryStatus: 'Starting',
      CreationTime: new Date('2026-11-24T11:50:00Z'), // ten minutes before testDeps' clock
      EnableManagedSpotTraining: true,
      StoppingCondition: { MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 },
    });
    sm.on(DescribeTrainingJobCommand)
      .rejectsOnce(notFound)
      .resolvesOnce(waiting)
      .resolvesOnce(waiting)
      .resolves(completed);
    sm.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: completed.TrainingJobArn });
    const d = deps();
    await runTraining(inputs(base), d);
    expect(d.logger.of('info')).toContain(
      `Waiting for training job ${JOB} (InProgress – Starting), 10s elapsed, at most 109m50s left (MaxWait 120m00s)`,
    );
  });

  it('fails with SageMaker’s FailureReason, and on Stopped unless allow-stopped', async () => {
    sm.on(DescribeTrainingJobCommand).resolves(
      job({
        TrainingJobStatus: 'Failed',
        SecondaryStatus: 'Failed',
        FailureReason: 'AlgorithmError: ValueError: no label column',
      }),
    );
    const failed = await runTraining(inputs(base), deps());
    expect(failed.failure).toBe(`Training job ${JOB} failed: AlgorithmError: ValueError: no label column`);
    expect(failed.outputs.status).toBe('Failed');

    sm.reset();
    sm.on(DescribeTrainingJobCommand).resolves(
      job({ TrainingJobStatus: 'Stopped', SecondaryStatus: 'Stopped' }),
    );
    expect((await runTraining(inputs(base), deps())).failure).toMatch(
      /was stopped\. Set allow-stopped: true/,
    );
    expect((await runTraining(inputs({ ...base, 'allow-stopped': 'true' }), deps())).failure).toBeUndefined();
  });

  it('attaches to the job of the same name on a re-run instead of starting a duplicate', async () => {
    sm.on(DescribeTrainingJobCommand).resolves(completed);
    const d = deps();
    const res = await runTraining(inputs(base), d);
    expect(sm.commandCalls(CreateTrainingJobCommand)).toHaveLength(0);
    expect(res.outputs.status).toBe('Completed');
    expect(d.logger.lines.map((l) => l.message).join('\n')).toMatch(
      /already exists \(Completed\): attaching/,
    );
  });

  it('attaches when a concurrent start won the race (ResourceInUse)', async () => {
    sm.on(DescribeTrainingJobCommand).rejectsOnce(notFound).resolves(completed);
    sm.on(CreateTrainingJobCommand).rejects(
      Object.assign(new Error('Training job names must be unique'), { name: 'ResourceInUse' }),
    );
    expect((await runTraining(inputs(base), deps())).outputs.status).toBe('Completed');
  });

  it('times out saying how to reattach, leaving the job running and the post step idle', async () => {
    sm.on(DescribeTrainingJobCommand)
      .rejectsOnce(notFound)
      .resolves(job({ SecondaryStatus: 'Training' }));
    sm.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: completed.TrainingJobArn });
    const d = deps();
    await expectUserError(
      runTraining(inputs({ ...base, timeout: '5m' }), d),
      new RegExp(
        `still InProgress \\(Training\\) after the 5m timeout; it keeps running\\. Reattach .* job-name: ${JOB}`,
      ),
    );
    expect(d.now().getTime() - Date.parse('2026-11-24T12:00:00Z')).toBe(300_000);
    expect(d.saved.get(STATE.settled)).toBe('true');
    await postTraining(d);
    expect(sm.commandCalls(StopTrainingJobCommand)).toHaveLength(0);
  });

  it('wait: false returns at once with the job name to attach to later', async () => {
    sm.on(DescribeTrainingJobCommand).rejectsOnce(notFound).resolves(job({}));
    sm.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: completed.TrainingJobArn });
    const d = deps();
    const res = await runTraining(inputs({ ...base, wait: 'false' }), d);
    expect(res.outputs).toMatchObject({ 'job-name': JOB, status: 'InProgress', 'model-artifact': '' });
    expect(d.saved.get(STATE.job)).toBeUndefined();
  });

  it('post step: stops the job when the main step was cancelled while waiting', async () => {
    sm.on(DescribeTrainingJobCommand).resolves(job({ SecondaryStatus: 'Training' }));
    sm.on(StopTrainingJobCommand).resolves({});
    const d = deps();
    d.saved.set(STATE.job, JOB); // saved before waiting; the cancelled main step never settled
    await postTraining(d);
    expect(sm.commandCalls(StopTrainingJobCommand).map((c) => c.args[0].input)).toEqual([
      { TrainingJobName: JOB },
    ]);

    sm.reset();
    sm.on(DescribeTrainingJobCommand).resolves(completed);
    await postTraining(d);
    expect(sm.commandCalls(StopTrainingJobCommand)).toHaveLength(0);
  });

  it('registers the model: group created when missing, exact CreateModelPackage request, idempotent ClientToken', async () => {
    sm.on(DescribeTrainingJobCommand).resolves(completed);
    sm.on(DescribeModelPackageGroupCommand).rejects(
      Object.assign(new Error('ModelPackageGroup purchases does not exist.'), {
        name: 'ValidationException',
      }),
    );
    sm.on(CreateModelPackageGroupCommand).resolves({});
    sm.on(CreateModelPackageCommand).resolves({
      ModelPackageArn: 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/3',
    });
    const res = await runTraining(
      inputs({ ...base, register: 'purchases', 'inference-image': 'infer:1' }),
      deps(),
    );
    expect(res.outputs['model-package-arn']).toBe(
      'arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/3',
    );
    expect(sm.commandCalls(CreateModelPackageGroupCommand)[0]!.args[0].input.ModelPackageGroupName).toBe(
      'purchases',
    );
    const request = sm.commandCalls(CreateModelPackageCommand)[0]!.args[0].input;
    expect(request).toEqual({
      ModelPackageGroupName: 'purchases',
      ModelPackageDescription: `Trained by ${JOB} at 0123456789ab`,
      ModelApprovalStatus: 'PendingManualApproval',
      InferenceSpecification: {
        Containers: [{ Image: 'infer:1', ModelDataUrl: `s3://ml-bucket/models/${JOB}/output/model.tar.gz` }],
        SupportedContentTypes: ['text/csv'],
        SupportedResponseMIMETypes: ['text/csv'],
      },
      MetadataProperties: {
        CommitId: env.GITHUB_SHA,
        Repository: 'https://github.com/acme/purchases',
        GeneratedBy: 'https://github.com/acme/purchases/actions/runs/4242',
      },
      CustomerMetadataProperties: {
        'artifact-sha256': MODEL_SHA256.toString('hex'),
        'training-job': JOB,
        'git-sha': env.GITHUB_SHA,
        repository: 'acme/purchases',
        'run-url': 'https://github.com/acme/purchases/actions/runs/4242',
        actor: 'octocat',
        'metric:validation:auc': '0.91',
      },
      ClientToken: expect.stringMatching(/^[0-9a-f]{36}$/),
    });
    await runTraining(inputs({ ...base, register: 'purchases', 'inference-image': 'infer:1' }), deps());
    const tokens = sm.commandCalls(CreateModelPackageCommand).map((c) => c.args[0].input.ClientToken);
    expect(tokens[0]).toBe(tokens[1]);
    expect(s3.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'ml-bucket',
      Key: `models/${JOB}/output/model.tar.gz`,
      ChecksumMode: 'ENABLED',
    });
  });

  it('registers nothing when the model artifact does not exist, saying where the model should be', async () => {
    sm.on(DescribeTrainingJobCommand).resolves(completed);
    s3.on(HeadObjectCommand).rejects(
      Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }),
    );
    await expectUserError(
      runTraining(inputs({ ...base, register: 'purchases', 'inference-image': 'infer:1' }), deps()),
      /^Cannot register s3:\/\/ml-bucket\/models\/purchases-4242-1-abc123\/output\/model\.tar\.gz: the model artifact does not exist\./,
    );
    expect(sm.commandCalls(CreateModelPackageCommand)).toHaveLength(0);
  });

  describe('bad input gets a clear error before anything starts', () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      [
        'an instance type outside ml.*',
        { 'instance-type': 'm5.xlarge' },
        /"instance-type": "m5\.xlarge" is not a SageMaker instance type/,
      ],
      [
        'a role that is not an IAM role ARN',
        { 'role-arn': 'sagemaker-role' },
        /"role-arn": "sagemaker-role" is not an IAM role ARN/,
      ],
      [
        'a local channel path',
        { channels: 'train: ./data/train' },
        /Channel "train": "\.\/data\/train" is not an s3:\/\/ URI/,
      ],
      ['malformed YAML', { hyperparameters: 'epochs: [1,' }, /Input "hyperparameters"/],
      ['a missing image', { image: '' }, /no training image.*"image"/],
      [
        'an invalid job name',
        { 'job-name': 'my_job' },
        /"job-name": "my_job" is not a valid SageMaker training job name/,
      ],
      [
        'spot with max-wait below max-runtime',
        { spot: 'true', 'max-runtime': '2h', 'max-wait': '1h' },
        /"max-wait" \(3600s\) must be at least "max-runtime" \(7200s\)/,
      ],
    ];
    it.each(cases)('%s', async (_name, values, message) => {
      await expectUserError((async () => runTraining(inputs({ ...base, ...values }), deps()))(), message);
      expect(sm.commandCalls(CreateTrainingJobCommand)).toHaveLength(0);
    });

    it('AWS errors say what to do', async () => {
      sm.on(DescribeTrainingJobCommand).rejects(notFound);
      sm.on(CreateTrainingJobCommand).rejects(
        Object.assign(new Error('The account-level service limit for ml.p4d.24xlarge is 0'), {
          name: 'ResourceLimitExceeded',
        }),
      );
      await expectUserError(
        runTraining(inputs(base), deps()),
        /ResourceLimitExceeded: .*request an increase in Service Quotas/,
      );
      sm.on(CreateTrainingJobCommand).rejects(
        Object.assign(new Error('not authorized to perform: sagemaker:CreateTrainingJob'), {
          name: 'AccessDeniedException',
        }),
      );
      await expectUserError(runTraining(inputs(base), deps()), /iam:PassRole/);
    });
  });
});
