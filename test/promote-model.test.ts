import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsFault, FakeAwsJson } from './harness/aws-json.js';
import { FakeGitHub } from './harness/github-api.js';
import { runStep } from './harness/runner.js';
import { LocalS3 } from './harness/s3.js';
import { SageMakerWorld } from './harness/sagemaker-world.js';

// The bundled action on a workflow_dispatch event, with SageMaker scripted over its JSON protocol on loopback.
describe('promote-model (bundled action) on workflow_dispatch', () => {
  const aws = new FakeAwsJson();
  const github = new FakeGitHub();
  const world = new SageMakerWorld();

  beforeAll(async () => {
    await Promise.all([aws.start(), github.start()]);
    for (const [op, handler] of Object.entries(world.handlers)) aws.on(op, handler);
  });
  afterAll(async () => {
    await Promise.all([aws.stop(), github.stop()]);
  });

  it('approves, rolls out, writes the ledger record and the GitHub deployment; a re-run changes nothing', async () => {
    const v1 = world.addPackage('purchases', 'Approved');
    const v2 = world.addPackage('purchases', 'PendingManualApproval');
    world.serve('purchases-prod', v1);
    world.pollsToSettle = 1;
    const workspace = mkdtempSync(join(tmpdir(), 'promote-ws-'));
    const inputs = {
      'model-package-group': 'purchases',
      'model-package': 'latest-pending',
      'endpoint-name': 'purchases-prod',
      'execution-role-arn': 'arn:aws:iam::123456789012:role/sagemaker-execution',
      deployment: 'canary',
      'wait-interval': '5m',
      ledger: 'ledger',
      'poll-interval': '10ms',
      reason: 'weekly retrain beat the champion',
    };
    const res = await runStep('promote-model', {
      event: 'workflow_dispatch',
      apiUrl: github.url,
      workspace,
      runId: '8100',
      env: aws.env(),
      inputs,
    });
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    expect(res.outputs).toMatchObject({
      status: 'promoted',
      'model-package-arn': v2,
      'previous-model-package-arn': v1,
      'model-name': 'purchases-v2',
    });
    expect(res.outputs['endpoint-config-name']).toMatch(/^purchases-prod-v2-[0-9a-f]{8}$/);
    expect(aws.callsTo('UpdateEndpoint')[0]!.input.DeploymentConfig).toMatchObject({
      BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', WaitIntervalInSeconds: 300 } },
    });
    expect(world.pkg(v2).approval).toBe('Approved');
    expect(world.pkg(v2).description).toBe(
      'Promoted by octocat in https://github.com/octo-org/ml-repo/actions/runs/8100: weekly retrain beat the champion',
    );

    const files = readdirSync(join(workspace, 'ledger', 'purchases'));
    expect(files).toHaveLength(1);
    const record = JSON.parse(readFileSync(join(workspace, 'ledger', 'purchases', files[0]!), 'utf8'));
    expect(record).toMatchObject({
      action: 'promote',
      from: v1,
      to: v2,
      actor: 'octocat',
      outcome: 'succeeded',
      reason: 'weekly retrain beat the champion',
    });
    expect(JSON.parse(res.outputs.history!)).toEqual([record]);

    expect(github.deployments).toHaveLength(1);
    const deployment = github.deployments[0]!;
    expect(deployment).toMatchObject({
      environment: 'production',
      task: 'deploy:model',
      auto_merge: false,
      required_contexts: [],
    });
    expect(deployment.payload).toMatchObject({ model_package_arn: v2, endpoint: 'purchases-prod' });
    expect(deployment.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(deployment.statuses[1]).toMatchObject({
      log_url: 'https://github.com/octo-org/ml-repo/actions/runs/8100',
      environment_url:
        'https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1#/endpoints/purchases-prod',
    });

    const again = await runStep('promote-model', {
      event: 'workflow_dispatch',
      apiUrl: github.url,
      workspace,
      runId: '8100',
      runAttempt: 2,
      env: aws.env(),
      inputs: { ...inputs, 'model-package': '2' },
    });
    expect(again.exitCode).toBe(0);
    expect(again.outputs.status).toBe('unchanged');
    expect(github.deployments).toHaveLength(1);
    expect(readdirSync(join(workspace, 'ledger', 'purchases'))).toHaveLength(1);
  });

  it('dry-run: reports the plan (every step it would take) and changes nothing', async () => {
    const v3 = world.addPackage('purchases', 'PendingManualApproval');
    const before = world.endpoints.get('purchases-prod')!.config;
    const calls = aws.calls.length;
    const workspace = mkdtempSync(join(tmpdir(), 'promote-dry-'));
    const res = await runStep('promote-model', {
      event: 'workflow_dispatch',
      workspace,
      runId: '8200',
      env: aws.env(),
      inputs: {
        'model-package-group': 'purchases',
        'model-package': 'latest-pending',
        'endpoint-name': 'purchases-prod',
        'execution-role-arn': 'arn:aws:iam::123456789012:role/sagemaker-execution',
        deployment: 'linear',
        ledger: 'ledger',
        'dry-run': 'true',
      },
    });
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    expect(res.outputs.status).toBe('dry-run');
    expect(res.outputs['model-package-arn']).toBe(v3);
    expect(res.outputs['model-name']).toBe('purchases-v3');
    const config = res.outputs['endpoint-config-name']!;
    expect(config).toMatch(/^purchases-prod-v3-[0-9a-f]{8}$/);
    expect(res.summary).toContain('### Promotion: dry-run');
    expect(res.summary).toContain('**Planned steps** (none taken):');
    expect(res.summary).toContain(
      '1. approve `purchases/3` in the registry (recording `purchases/2` as the model it replaces)',
    );
    expect(res.summary).toContain(`2. create model \`purchases-v3\` and endpoint config \`${config}\``);
    expect(res.summary).toContain(
      '3. update endpoint `purchases-prod` (linear) and wait until it is InService',
    );
    expect(res.summary).toContain('4. record the promote in the ledger `ledger`');
    expect(res.log).toMatch(
      /Dry run: would approve purchases\/3 .*; record the promote in the ledger ledger\. Nothing changed\./,
    );
    const mutations = aws.calls.slice(calls).filter((c) => /^(Create|Update|Delete)/.test(c.operation));
    expect(mutations).toEqual([]);
    expect(world.pkg(v3).approval).toBe('PendingManualApproval');
    expect(world.endpoints.get('purchases-prod')!.config).toBe(before);
  });
});

// run-training registers (recording the artifact's SHA-256) and promote-model checks it, both bundled, against a local
// S3 server holding the artifacts and the in-memory registry: a model rewritten after registration never deploys.
describe('promote-model (bundled) deploys only the artifact that was registered', () => {
  const aws = new FakeAwsJson();
  const s3 = new LocalS3();
  const github = new FakeGitHub();
  const world = new SageMakerWorld();
  const jobs = new Map<string, Record<string, unknown>>();
  let client: S3Client;
  const put = (key: string, body: string) =>
    client.send(new PutObjectCommand({ Bucket: 'ml-bucket', Key: key, Body: body }));
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  beforeAll(async () => {
    await Promise.all([aws.start(), s3.start(['ml-bucket']), github.start()]);
    client = new S3Client({
      region: 'eu-west-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    for (const [op, handler] of Object.entries(world.handlers)) aws.on(op, handler);
    // A training job "writes" model.tar.gz holding its own name, where SageMaker would.
    aws
      .on('CreateTrainingJob', async (input) => {
        const name = input.TrainingJobName as string;
        jobs.set(name, input);
        await put(`models/${name}/output/model.tar.gz`, `weights of ${name}`);
        return { TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${name}` };
      })
      .on('DescribeTrainingJob', (input) => {
        const job = jobs.get(input.TrainingJobName as string);
        if (!job) throw new AwsFault('ValidationException', 'Requested resource not found.');
        return {
          ...job,
          TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${input.TrainingJobName}`,
          TrainingJobStatus: 'Completed',
          SecondaryStatus: 'Completed',
          ModelArtifacts: {
            S3ModelArtifacts: `s3://ml-bucket/models/${input.TrainingJobName}/output/model.tar.gz`,
          },
        };
      })
      .on('DescribeLogStreams', () => ({ logStreams: [] }));
  });
  afterAll(async () => {
    await Promise.all([aws.stop(), s3.stop(), github.stop()]);
  });

  const env = () => ({ ...aws.env(), ...s3.env() });
  const train = async (runId: string) => {
    const res = await runStep('run-training', {
      env: env(),
      runId,
      inputs: {
        image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/train:1',
        'inference-image': '123456789012.dkr.ecr.eu-west-1.amazonaws.com/serve:1',
        'role-arn': 'arn:aws:iam::123456789012:role/sagemaker-execution',
        'instance-type': 'ml.m5.large',
        channels: 'train: s3://ml-bucket/train/',
        'output-path': 's3://ml-bucket/models',
        'poll-interval': '1s',
        register: 'fraud',
      },
    });
    expect(res.errors).toEqual([]);
    return res;
  };
  const promote = (arn: string, extra: Record<string, string> = {}) =>
    runStep('promote-model', {
      event: 'workflow_dispatch',
      apiUrl: github.url,
      env: env(),
      runId: '8300',
      workspace: mkdtempSync(join(tmpdir(), 'promote-artifact-')),
      inputs: {
        'model-package-group': 'fraud',
        'model-package': arn,
        'endpoint-name': 'fraud-prod',
        'execution-role-arn': 'arn:aws:iam::123456789012:role/sagemaker-execution',
        'poll-interval': '10ms',
        ...extra,
      },
    });

  it('run-training records the SHA-256; promotion checks it, and refuses an artifact rewritten after registration', async () => {
    world.pollsToSettle = 1;
    const first = await train('8301');
    const second = await train('8302');
    const v1 = first.outputs['model-package-arn']!;
    const v2 = second.outputs['model-package-arn']!;
    const artifact = second.outputs['model-artifact']!;
    const registered = sha256(`weights of ${second.outputs['job-name']}`);
    expect(world.pkg(v2).metadata['artifact-sha256']).toBe(registered);
    expect(second.log).toContain(`SHA-256 of ${artifact}: ${registered} (computed from its`);

    // Someone with write access to the bucket swaps v2's model after it was registered (and evaluated).
    await put(artifact.replace('s3://ml-bucket/', ''), 'weights with a backdoor');
    const before = aws.calls.length;
    const refused = await promote(v2);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.errors.join('\n')).toContain(
      `Promotion refused: the model artifact ${artifact} of ${v2} changed after registration: its SHA-256 is ${sha256('weights with a backdoor')}, the one recorded at registration ${registered}.`,
    );
    expect(aws.calls.slice(before).filter((c) => /^(Create|Update)/.test(c.operation))).toEqual([]);
    expect(world.pkg(v2).approval).toBe('PendingManualApproval');
    // Not even allow-unverified-artifact deploys a mismatch.
    expect((await promote(v2, { 'allow-unverified-artifact': 'true' })).exitCode).not.toBe(0);

    const promoted = await promote(v1);
    expect(promoted.errors).toEqual([]);
    expect(promoted.outputs.status).toBe('promoted');
    expect(promoted.log).toContain(
      `Model artifact ${first.outputs['model-artifact']} matches the SHA-256 recorded at registration (${sha256(`weights of ${first.outputs['job-name']}`)}).`,
    );
  });

  it('refuses a package that records no SHA-256 unless allow-unverified-artifact, which warns', async () => {
    await put('models/imported/model.tar.gz', 'weights registered by another tool');
    const spec = {
      Containers: [{ Image: 'serve:1', ModelDataUrl: 's3://ml-bucket/models/imported/model.tar.gz' }],
    };
    const v = world.addPackage('fraud', 'PendingManualApproval', {}, spec);
    const refused = await promote(v);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.errors.join('\n')).toMatch(
      /Promotion refused: .*fraud\/\d+ records no SHA-256 of its model artifact s3:\/\/ml-bucket\/models\/imported\/model\.tar\.gz/,
    );
    expect(`${refused.errors.join('\n')}\n${refused.log}`).toMatch(/set allow-unverified-artifact: true/);
    const allowed = await promote(v, { 'allow-unverified-artifact': 'true' });
    expect(allowed.errors).toEqual([]);
    expect(allowed.outputs.status).toBe('promoted');
    expect(allowed.warnings.join('\n')).toMatch(/promoting anyway because allow-unverified-artifact: true/);
  });
});
