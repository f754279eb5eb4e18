// The action's logic against one in-memory SageMaker (TransformWorld); longer than 300 lines because every scenario
// (model resolution, waiting, re-runs, failures, the post step) shares that setup.
import * as sagemaker from '@aws-sdk/client-sagemaker';
import { runContextFromEnv } from '@mlops-actions/github';
import {
  longestSilence,
  recordLineTimes,
  rejectionMessage,
  testDeps,
  testInputs,
} from '@mlops-actions/github/testing';
import { escapeMarkdown } from '@mlops-actions/report';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { answerFromWorld } from '../../../test/harness/sagemaker-world.js';
import { TransformWorld } from '../../../test/harness/transform-world.js';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { defaultTransformJobName } from './request.js';
import { postBatchTransform, runBatchTransform, STATE } from './run.js';

const sm = mockClient(sagemaker.SageMakerClient);
const ROLE = 'arn:aws:iam::123456789012:role/sagemaker-execution';
const GROUP = 'purchases';
const JOB = 'purchases-champion-1';
let world: TransformWorld;

const env = {
  AWS_REGION: 'eu-west-1',
  GITHUB_REPOSITORY: 'acme/purchases',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'evaluate',
  GITHUB_ACTION: 'champion',
};

beforeEach(() => {
  sm.reset();
  world = new TransformWorld();
  answerFromWorld(sm, world.allHandlers);
});

const base = {
  'model-package-group': GROUP,
  'execution-role-arn': ROLE,
  input: 's3://ml-bucket/data/eval/',
  output: 's3://ml-bucket/predictions/champion/4242/',
  'poll-interval': '30s',
};

function inputs(values: Record<string, string | undefined>) {
  const all: Record<string, string | undefined> = { ...base, ...values };
  return testInputs({ definition, parseInputs }, all);
}

const deps = () => testDeps({ env, context: runContextFromEnv(env) });

const calls = (op: string) =>
  sm
    .commandCalls((sagemaker as unknown as Record<string, any>)[`${op}Command`])
    .map((c) => c.args[0].input as Record<string, any>);

describe('the CreateTransformJob request sent', () => {
  it('carries every input: data source, content, DataProcessing join and filters, resources, environment, tags', async () => {
    const v1 = world.addPackage(GROUP, 'Approved');
    const res = await runBatchTransform(
      inputs({
        'model-package': v1,
        'job-name': JOB,
        'input-data-type': 'ManifestFile',
        input: 's3://ml-bucket/data/eval.manifest',
        'content-type': 'text/csv',
        accept: 'text/csv',
        'compression-type': 'Gzip',
        'instance-type': 'ml.c5.xlarge',
        'instance-count': '3',
        'max-payload-mb': '2',
        'max-concurrent-transforms': '4',
        'batch-strategy': 'SingleRecord',
        'input-filter': '$[2:]',
        'output-filter': '$[0,1,-1]',
        environment: 'SAGEMAKER_MODEL_SERVER_TIMEOUT: 3600',
        tags: 'team: growth',
      }),
      deps(),
    );
    expect(res.failure).toBeUndefined();
    expect(calls('CreateTransformJob')).toEqual([
      {
        TransformJobName: JOB,
        ModelName: 'purchases-v1',
        MaxConcurrentTransforms: 4,
        MaxPayloadInMB: 2,
        BatchStrategy: 'SingleRecord',
        Environment: { SAGEMAKER_MODEL_SERVER_TIMEOUT: '3600' },
        TransformInput: {
          DataSource: {
            S3DataSource: { S3DataType: 'ManifestFile', S3Uri: 's3://ml-bucket/data/eval.manifest' },
          },
          ContentType: 'text/csv',
          CompressionType: 'Gzip',
          SplitType: 'Line',
        },
        TransformOutput: {
          S3OutputPath: 's3://ml-bucket/predictions/champion/4242/',
          Accept: 'text/csv',
          AssembleWith: 'Line',
        },
        TransformResources: { InstanceType: 'ml.c5.xlarge', InstanceCount: 3 },
        DataProcessing: { InputFilter: '$[2:]', OutputFilter: '$[0,1,-1]', JoinSource: 'Input' },
        Tags: [{ Key: 'team', Value: 'growth' }],
      },
    ]);
  });
});

describe('the job name', () => {
  const scope = {
    repository: 'acme/purchases',
    runId: '4242',
    runAttempt: 1,
    job: 'evaluate',
    step: 'champion',
  };

  it('the action names the job from repository, run id, attempt, job and step', async () => {
    world.addPackage(GROUP, 'Approved');
    const res = await runBatchTransform(inputs({}), deps());
    expect(res.outputs['job-name']).toBe(defaultTransformJobName(scope));
    expect(calls('CreateTransformJob')[0]!.TransformJobName).toBe(res.outputs['job-name']);
  });
});

describe('the model', () => {
  it('latest-approved: the newest Approved package of the group, as model <group>-v<version> created from it', async () => {
    world.addPackage(GROUP, 'Approved');
    const v2 = world.addPackage(GROUP, 'Approved');
    world.addPackage(GROUP, 'PendingManualApproval');
    world.addPackage('other', 'Approved');
    const res = await runBatchTransform(inputs({ 'model-package': 'latest-approved' }), deps());
    expect(calls('ListModelPackages')[0]).toMatchObject({
      ModelPackageGroupName: GROUP,
      ModelApprovalStatus: 'Approved',
      SortOrder: 'Descending',
    });
    expect(calls('CreateModel')).toEqual([
      {
        ModelName: 'purchases-v2',
        PrimaryContainer: { ModelPackageName: v2 },
        ExecutionRoleArn: ROLE,
      },
    ]);
    expect(res.outputs).toEqual({
      'job-name': defaultTransformJobName({
        repository: 'acme/purchases',
        runId: '4242',
        runAttempt: 1,
        job: 'evaluate',
        step: 'champion',
      }),
      'job-arn': expect.stringMatching(/^arn:aws:sagemaker:eu-west-1:123456789012:transform-job\//),
      status: 'Completed',
      'model-name': 'purchases-v2',
      predictions: 's3://ml-bucket/predictions/champion/4242/',
      'model-package-arn': v2,
    });
  });

  it('reuses the model of a package version that exists (no CreateModel, no execution role needed)', async () => {
    const v1 = world.addPackage(GROUP, 'Approved');
    world.serve('purchases-prod', v1); // promote-model created purchases-v1
    const res = await runBatchTransform(inputs({ 'execution-role-arn': undefined }), deps());
    expect(calls('CreateModel')).toEqual([]);
    expect(res.outputs['model-name']).toBe('purchases-v1');
    expect(calls('CreateTransformJob')[0]!.ModelName).toBe('purchases-v1');
  });

  it('model-name runs an existing model, and reports the package it serves', async () => {
    const v1 = world.addPackage(GROUP, 'Approved');
    world.serve('purchases-prod', v1);
    const res = await runBatchTransform(
      inputs({ 'model-package-group': undefined, 'model-name': 'purchases-v1' }),
      deps(),
    );
    expect(res.outputs).toMatchObject({ 'model-name': 'purchases-v1', 'model-package-arn': v1 });
    expect(calls('ListModelPackages')).toEqual([]);
  });

  it('fails naming the input when no package is approved, or skips with if-none-approved: skip', async () => {
    world.addPackage(GROUP, 'PendingManualApproval');
    expect(await rejectionMessage(runBatchTransform(inputs({}), deps()))).toMatch(
      /Model package group purchases has no Approved model package yet.*if-none-approved: skip/,
    );
    const res = await runBatchTransform(inputs({ 'if-none-approved': 'skip' }), deps());
    expect(res.failure).toBeUndefined();
    expect(res.outputs).toMatchObject({ status: 'skipped', 'job-name': '', predictions: '' });
    expect(res.summary).toMatch(/no Approved model package yet\. Nothing was scored/);
    expect(calls('CreateTransformJob')).toEqual([]);
  });

  it('refuses a Rejected package, a missing model, and a package model without an execution role', async () => {
    world.addPackage(GROUP, 'Approved');
    const rejected = world.addPackage(GROUP, 'Rejected');
    expect(await rejectionMessage(runBatchTransform(inputs({ 'model-package': rejected }), deps()))).toMatch(
      /Input "model-package": .*purchases\/2 is Rejected/,
    );
    expect(
      await rejectionMessage(
        runBatchTransform(inputs({ 'model-package-group': undefined, 'model-name': 'nope' }), deps()),
      ),
    ).toMatch(/Input "model-name": there is no SageMaker model nope/);
    expect(
      await rejectionMessage(runBatchTransform(inputs({ 'execution-role-arn': undefined }), deps())),
    ).toMatch(/Input "execution-role-arn" is required to create model purchases-v1/);
    expect(calls('CreateTransformJob')).toEqual([]);
  });
});

describe('running the job', () => {
  it('waits with a progress line per poll and reports the duration in the summary', async () => {
    world.addPackage(GROUP, 'Approved');
    const d = deps();
    const res = await runBatchTransform(inputs({ 'job-name': JOB }), d);
    const progress = d.logger.of('info').filter((l) => l.includes(`transform job ${JOB}:`));
    expect(progress).toEqual([
      `[0s] transform job ${JOB}: InProgress`,
      `[30s] transform job ${JOB}: InProgress`,
      `[1m00s] transform job ${JOB}: Completed`,
    ]);
    expect(res.summary).toContain(`### Batch transform \`${JOB}\`: Completed`);
    expect(res.summary).toContain('| Duration | 12 min 34 s |');
    expect(res.summary).toContain('| Input | `s3://ml-bucket/data/eval/` |');
    expect(d.saved.get(STATE.job)).toBe(JOB);
    expect(d.saved.get(STATE.settled)).toBe('true');
  });

  it('polls every 30 s but says at least every 10 s that it waits, with the elapsed time', async () => {
    world.addPackage(GROUP, 'Approved');
    world.pollsToFinish = 10;
    const d = deps();
    const start = d.now().getTime();
    const stamps = recordLineTimes(d);
    await runBatchTransform(inputs({ 'job-name': JOB }), d);
    expect(stamps.filter((s) => s.line.includes(`transform job ${JOB}:`))).toHaveLength(11); // a line per poll
    const heartbeats = stamps.filter((s) => s.line.startsWith(`Waiting for transform job ${JOB}`));
    expect(heartbeats.slice(0, 3).map((h) => h.line)).toEqual([
      `Waiting for transform job ${JOB} (InProgress), 10s elapsed`,
      `Waiting for transform job ${JOB} (InProgress), 20s elapsed`,
      `Waiting for transform job ${JOB} (InProgress), 40s elapsed`,
    ]);
    expect(stamps.at(-1)!.t - start).toBe(300_000);
    expect(longestSilence(start, stamps).ms).toBeLessThanOrEqual(10_000);
  });

  it('a re-run attaches to the job of its attempt: no second CreateTransformJob, the job’s own model reported', async () => {
    const v1 = world.addPackage(GROUP, 'Approved');
    await runBatchTransform(inputs({ 'job-name': JOB }), deps());
    world.addPackage(GROUP, 'Approved'); // approved since: the re-run still reports what the job ran
    const d = deps();
    const again = await runBatchTransform(inputs({ 'job-name': JOB }), d);
    expect(calls('CreateTransformJob')).toHaveLength(1);
    expect(again.outputs).toMatchObject({
      status: 'Completed',
      'model-name': 'purchases-v1',
      'model-package-arn': v1,
    });
    expect(d.logger.lines.map((l) => l.message).join('\n')).toMatch(
      /already exists \(Completed\): attaching/,
    );
  });

  it('a concurrent start of the same name attaches instead of failing', async () => {
    world.addPackage(GROUP, 'Approved');
    world.models.set('purchases-v1', { ModelName: 'purchases-v1' });
    const create = world.transformHandlers.CreateTransformJob!;
    world.transformHandlers.CreateTransformJob = (i) => {
      create(i); // another run of the attempt got there first
      return create(i);
    };
    sm.on(sagemaker.CreateTransformJobCommand).callsFake(async (i) =>
      world.transformHandlers.CreateTransformJob!(i),
    );
    const d = deps();
    const res = await runBatchTransform(inputs({ 'job-name': JOB }), d);
    expect(res.outputs.status).toBe('Completed');
    expect(d.logger.lines.map((l) => l.message).join('\n')).toMatch(/started concurrently: attaching/);
  });

  it('Failed: the step fails with SageMaker’s FailureReason, outputs and summary still set', async () => {
    world.addPackage(GROUP, 'Approved');
    world.outcome = 'Failed';
    world.failureReason = 'ClientError: 400 from the model: could not convert string to float: "id"';
    const res = await runBatchTransform(inputs({ 'job-name': JOB }), deps());
    expect(res.failure).toBe(
      `Transform job ${JOB} failed: ClientError: 400 from the model: could not convert string to float: "id"`,
    );
    expect(res.outputs.status).toBe('Failed');
    expect(res.summary).toContain(`| Failure reason | ${escapeMarkdown(world.failureReason)} |`);
  });

  it('fails loudly at the timeout, naming the job to reattach to', async () => {
    world.addPackage(GROUP, 'Approved');
    world.pollsToFinish = 1000;
    const d = deps();
    const start = d.now().getTime();
    const message = await rejectionMessage(
      runBatchTransform(inputs({ 'job-name': JOB, timeout: '5m', 'poll-interval': '1m' }), d),
    );
    expect(d.now().getTime() - start).toBe(5 * 60_000); // gave up at the timeout, not a poll later
    expect(message).toMatch(/Transform job purchases-champion-1 is still InProgress after the 5m timeout/);
    expect(message).toMatch(/Reattach .* job-name: purchases-champion-1/);
    expect(d.saved.get(STATE.settled)).toBe('true');
  });

  it('wait: false returns at once with the job’s status and records nothing for the post step', async () => {
    world.addPackage(GROUP, 'Approved');
    const d = deps();
    const res = await runBatchTransform(inputs({ 'job-name': JOB, wait: 'false' }), d);
    expect(res.outputs.status).toBe('InProgress');
    expect(d.saved.get(STATE.job)).toBeUndefined();
  });
});

describe('the post step', () => {
  it('stops a job the main step was waiting for when it was interrupted', async () => {
    world.addPackage(GROUP, 'Approved');
    world.pollsToFinish = 1000;
    await runBatchTransform(inputs({ 'job-name': JOB, wait: 'false' }), deps());
    const d = deps();
    d.state.save(STATE.job, JOB);
    await postBatchTransform(d);
    expect(calls('StopTransformJob')).toEqual([{ TransformJobName: JOB }]);
    expect(d.logger.lines.map((l) => l.message).join('\n')).toMatch(
      /cancelled while transform job .* sent StopTransformJob/,
    );
  });

  it('does nothing when the main step settled, or the job already ended', async () => {
    world.addPackage(GROUP, 'Approved');
    await runBatchTransform(inputs({ 'job-name': JOB }), deps());
    const settled = deps();
    settled.state.save(STATE.job, JOB);
    settled.state.save(STATE.settled, 'true');
    await postBatchTransform(settled);
    const ended = deps();
    ended.state.save(STATE.job, JOB);
    await postBatchTransform(ended);
    expect(calls('StopTransformJob')).toEqual([]);
    expect(ended.logger.lines.map((l) => l.message).join('\n')).toMatch(/is Completed; nothing to stop/);
  });
});

describe('AWS errors', () => {
  it('credentials that expire while waiting: one line saying the job keeps running and how to attach', async () => {
    world.addPackage(GROUP, 'Approved');
    world.pollsToFinish = 1000;
    const describe = world.transformHandlers.DescribeTransformJob!;
    let polls = 0;
    sm.on(sagemaker.DescribeTransformJobCommand).callsFake(async (i) => {
      if (++polls > 3)
        throw Object.assign(new Error('The security token included in the request is expired'), {
          name: 'ExpiredTokenException',
        });
      return describe(i);
    });
    expect(await rejectionMessage(runBatchTransform(inputs({ 'job-name': JOB }), deps()))).toMatch(
      /sagemaker:DescribeTransformJob \(job purchases-champion-1\) failed: ExpiredTokenException: .*expired.*the job keeps running: re-run the workflow to attach/,
    );
  });

  it('AccessDenied names the IAM action to grant', async () => {
    world.addPackage(GROUP, 'Approved');
    sm.on(sagemaker.CreateTransformJobCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: sagemaker:CreateTransformJob'), {
        name: 'AccessDeniedException',
      }),
    );
    expect(await rejectionMessage(runBatchTransform(inputs({ 'job-name': JOB }), deps()))).toMatch(
      /sagemaker:CreateTransformJob \(job purchases-champion-1\) failed: AccessDeniedException: .*lack permission for sagemaker:CreateTransformJob/,
    );
  });
});
