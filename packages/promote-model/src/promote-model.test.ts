import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sagemaker from '@aws-sdk/client-sagemaker';
import { runContextFromEnv } from '@mlops-actions/github';
import {
  longestSilence,
  recordLineTimes,
  rejectionMessage,
  testDeps,
  testInputs,
} from '@mlops-actions/github/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerFromWorld, SageMakerWorld } from '../../../test/harness/sagemaker-world.js';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { readHistory } from './ledger.js';
import { PREVIOUS_KEY } from './requests.js';
import { promoteModel } from './run.js';

const sm = mockClient(sagemaker.SageMakerClient);
const ROLE = 'arn:aws:iam::123456789012:role/sagemaker-execution';
const GROUP = 'purchases';
let world: SageMakerWorld;
let ledger: string;

const env = {
  AWS_REGION: 'eu-west-1',
  GITHUB_REPOSITORY: 'acme/purchases',
  GITHUB_RUN_ID: '5150',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_SHA: 'abc123',
  GITHUB_ACTOR: 'octocat',
};

beforeEach(() => {
  sm.reset();
  world = new SageMakerWorld();
  answerFromWorld(sm, world.handlers);
  ledger = mkdtempSync(join(tmpdir(), 'ledger-'));
});

function inputs(values: Record<string, string>) {
  return testInputs(
    { definition, parseInputs },
    {
      'model-package-group': GROUP,
      'endpoint-name': 'purchases-prod',
      'execution-role-arn': ROLE,
      'poll-interval': '30s',
      ledger,
      ...values,
    },
  );
}

const run = (values: Record<string, string> = {}) =>
  promoteModel(inputs(values), testDeps({ env, context: runContextFromEnv(env) }));

const calls = (op: string) =>
  sm
    .commandCalls((sagemaker as unknown as Record<string, any>)[`${op}Command`])
    .map((c) => c.args[0].input as Record<string, any>);

const failure = rejectionMessage;

const ledgerRecords = () =>
  readdirSync(join(ledger, GROUP)).map((f) => JSON.parse(readFileSync(join(ledger, GROUP, f), 'utf8')));

describe('promote-model', () => {
  it('promotes the newest pending package to a new endpoint (list sorted newest first)', async () => {
    world.addPackage(GROUP, 'PendingManualApproval');
    const v2 = world.addPackage(GROUP, 'PendingManualApproval');
    const res = await run();
    expect(res.outputs).toMatchObject({
      status: 'promoted',
      'model-package-arn': v2,
      'previous-model-package-arn': '',
      'model-name': 'purchases-v2',
    });
    expect(calls('ListModelPackages')[0]).toEqual({
      ModelPackageGroupName: GROUP,
      ModelPackageType: 'Versioned',
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      ModelApprovalStatus: 'PendingManualApproval',
      MaxResults: 1,
    });
    expect(calls('UpdateModelPackage')).toEqual([
      {
        ModelPackageArn: v2,
        ModelApprovalStatus: 'Approved',
        ApprovalDescription: 'Promoted by octocat in https://github.com/acme/purchases/actions/runs/5150',
      },
    ]);
    expect(calls('CreateModel')).toEqual([
      {
        ModelName: 'purchases-v2',
        PrimaryContainer: { ModelPackageName: v2 },
        ExecutionRoleArn: ROLE,
        Tags: [{ Key: 'mlops-actions:model-package', Value: v2 }],
      },
    ]);
    const config = String(res.outputs['endpoint-config-name']);
    expect(config).toMatch(/^purchases-prod-v2-[0-9a-f]{8}$/);
    expect(calls('CreateEndpointConfig')).toEqual([
      {
        EndpointConfigName: config,
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            ModelName: 'purchases-v2',
            InitialInstanceCount: 1,
            InstanceType: 'ml.m5.large',
            InitialVariantWeight: 1,
          },
        ],
        Tags: [{ Key: 'mlops-actions:model-package', Value: v2 }],
      },
    ]);
    expect(calls('CreateEndpoint')).toEqual([
      {
        EndpointName: 'purchases-prod',
        EndpointConfigName: config,
        Tags: [{ Key: 'managed-by', Value: 'mlops-actions' }],
      },
    ]);
    expect(calls('UpdateEndpoint')).toEqual([]);
    const [record] = ledgerRecords();
    expect(record).toMatchObject({
      kind: 'promotion',
      action: 'promote',
      from: null,
      to: v2,
      to_version: 2,
      outcome: 'succeeded',
      actor: 'octocat',
      endpoint_config: config,
    });
  });

  it('says at least every 10 s that it waits for the endpoint (elapsed time, no guessed time left) between 30 s polls', async () => {
    world.addPackage(GROUP, 'PendingManualApproval');
    world.pollsToSettle = 6;
    const d = testDeps({ env, context: runContextFromEnv(env) });
    const start = d.now().getTime();
    const stamps = recordLineTimes(d);
    expect((await promoteModel(inputs({}), d)).outputs.status).toBe('promoted');
    const heartbeats = stamps.filter((s) => s.line.startsWith('Waiting for endpoint purchases-prod'));
    expect(heartbeats[0]!.line).toMatch(
      /^Waiting for endpoint purchases-prod \(Creating on config purchases-prod-v1-\w+\), 10s elapsed$/,
    );
    expect(heartbeats.length).toBeGreaterThanOrEqual(10);
    expect(heartbeats.every((h) => !/left/.test(h.line))).toBe(true);
    expect(stamps.at(-1)!.t - start).toBeGreaterThanOrEqual(180_000);
    expect(longestSilence(start, stamps).ms).toBeLessThanOrEqual(10_000);
  });

  it('updates an existing endpoint through a new config, recording the previous production package', async () => {
    const v1 = world.addPackage(GROUP, 'Approved');
    const v2 = world.addPackage(GROUP, 'PendingManualApproval');
    world.serve('purchases-prod', v1);
    const res = await run({ 'model-package': '2', 'data-capture-uri': 's3://ml-bucket/datacapture/' });
    expect(res.outputs).toMatchObject({
      status: 'promoted',
      'model-package-arn': v2,
      'previous-model-package-arn': v1,
    });
    expect(calls('UpdateModelPackage')[0]).toMatchObject({
      ModelPackageArn: v2,
      CustomerMetadataProperties: { [PREVIOUS_KEY]: v1 },
    });
    expect(calls('CreateEndpointConfig')[0]!.DataCaptureConfig).toEqual({
      EnableCapture: true,
      InitialSamplingPercentage: 100,
      DestinationS3Uri: 's3://ml-bucket/datacapture/',
      CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
      CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'], JsonContentTypes: ['application/json'] },
    });
    expect(calls('UpdateEndpoint')).toEqual([
      {
        EndpointName: 'purchases-prod',
        EndpointConfigName: res.outputs['endpoint-config-name'],
        DeploymentConfig: {
          BlueGreenUpdatePolicy: {
            TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 600 },
            TerminationWaitInSeconds: 0,
          },
        },
        RetainAllVariantProperties: false,
      },
    ]);
    expect(world.configs.get('purchases-prod-initial')).toBeDefined(); // the old config is never touched
    expect(world.endpoints.get('purchases-prod')!.config).toBe(res.outputs['endpoint-config-name']);
  });

  it('sends canary and linear blue/green configs with alarms for auto-rollback', async () => {
    const v1 = world.addPackage(GROUP, 'Approved');
    world.addPackage(GROUP, 'PendingManualApproval');
    world.serve('purchases-prod', v1);
    await run({
      deployment: 'canary',
      'canary-size': '20',
      'wait-interval': '15m',
      alarms: 'p99-latency,error-rate',
    });
    expect(calls('UpdateEndpoint')[0]!.DeploymentConfig).toEqual({
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: {
          Type: 'CANARY',
          WaitIntervalInSeconds: 900,
          CanarySize: { Type: 'CAPACITY_PERCENT', Value: 20 },
        },
        TerminationWaitInSeconds: 0,
      },
      AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'p99-latency' }, { AlarmName: 'error-rate' }] },
    });
    const { deploymentConfig } = await import('./requests.js');
    expect(
      deploymentConfig(inputs({ deployment: 'linear', 'canary-size': '25' })).BlueGreenUpdatePolicy!
        .TrafficRoutingConfiguration,
    ).toEqual({
      Type: 'LINEAR',
      WaitIntervalInSeconds: 600,
      LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: 25 },
    });
  });

  it('fails with the reason when SageMaker rolls the update back, and records the failure', async () => {
    const v1 = world.addPackage(GROUP, 'Approved');
    world.addPackage(GROUP, 'PendingManualApproval');
    world.serve('purchases-prod', v1);
    world.failNextUpdate = 'Alarm error-rate fired during the canary';
    const message = await failure(run({ deployment: 'canary', alarms: 'error-rate' }));
    expect(message).toMatch(
      /SageMaker rolled back the update to purchases-prod-v2-[0-9a-f]{8}: Alarm error-rate fired during the canary\. Endpoint purchases-prod is InService on config purchases-prod-initial/,
    );
    expect(ledgerRecords()).toEqual([
      expect.objectContaining({ outcome: 'failed', from: v1, error: expect.stringMatching(/rolled back/) }),
    ]);
  });

  it('rolls back to the previous production model on model-package: previous', async () => {
    const v1 = world.addPackage(GROUP, 'Approved');
    const v2 = world.addPackage(GROUP, 'PendingManualApproval');
    world.serve('purchases-prod', v1);
    await run({ 'model-package': '2' });
    expect(world.endpoints.get('purchases-prod')!.config).toMatch(/-v2-/);
    sm.resetHistory();
    const res = await run({ 'model-package': 'previous' });
    expect(res.outputs).toMatchObject({
      status: 'rolled-back',
      'model-package-arn': v1,
      'previous-model-package-arn': v2,
    });
    expect(calls('UpdateModelPackage')).toEqual([]); // v1 is approved already; its record stays
    expect(calls('CreateModel')).toEqual([]); // purchases-v1 exists
    expect(world.endpoints.get('purchases-prod')!.config).toMatch(/^purchases-prod-v1-/);
    expect(
      ledgerRecords()
        .map((r) => r.action)
        .sort(),
    ).toEqual(['promote', 'rollback']);
  });

  it('refuses a promotion the evaluation decided to keep, unless force', async () => {
    world.addPackage(GROUP, 'PendingManualApproval');
    const evaluation = join(ledger, '..', `evaluation-${Date.now()}.json`);
    writeFileSync(
      evaluation,
      JSON.stringify({
        kind: 'evaluation',
        decision: 'keep',
        metric: 'average-precision',
        champion: { score: 0.81 },
        challenger: { score: 0.78 },
      }),
    );
    const message = await failure(run({ evaluation }));
    expect(message).toMatch(
      /Promotion refused: the evaluation .* decided "keep" \(average-precision: challenger 0\.78 vs champion 0\.81\)\. Set force: true/,
    );
    expect(calls('UpdateModelPackage')).toEqual([]);
    const forced = await run({ evaluation, force: 'true' });
    expect(forced.outputs.status).toBe('promoted');
    expect(ledgerRecords()[0].evaluation).toEqual({
      decision: 'keep',
      metric: 'average-precision',
      champion: 0.81,
      challenger: 0.78,
      forced: true,
    });
  });

  it("finds the package's evaluation in evaluate-challenger's ledger by its ARN: refuses keep and unevaluated, promotes a win", async () => {
    const evaluations = mkdtempSync(join(tmpdir(), 'evaluations-'));
    const record = (arn: string, decision: string, name: string, createdAt: string) => {
      const dir = join(evaluations, 'evaluations', GROUP, arn.split('/').pop()!);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, name),
        JSON.stringify({
          kind: 'evaluation',
          decision,
          metric: 'average-precision',
          champion: { score: 0.8 },
          challenger: { score: decision === 'keep' ? 0.78 : 0.83 },
          model_package_arn: arn,
          created_at: createdAt,
        }),
      );
    };
    world.addPackage(GROUP, 'Approved');
    world.serve('purchases-prod', `arn:aws:sagemaker:eu-west-1:123456789012:model-package/${GROUP}/1`);
    const v2 = world.addPackage(GROUP, 'PendingManualApproval');
    const v3 = world.addPackage(GROUP, 'PendingManualApproval');
    // v2 lost; v3 has no record yet.
    record(v2, 'keep', '11-1-evaluation.json', '2026-11-30T10:00:00Z');
    const ledgerInput = { 'evaluation-ledger': evaluations };
    expect(await failure(run({ ...ledgerInput, 'model-package': '2' }))).toMatch(
      /Promotion refused: the evaluation \(.*evaluations\/purchases\/2\/11-1-evaluation\.json\) decided "keep" \(average-precision: challenger 0\.78 vs champion 0\.8\)/,
    );
    expect(await failure(run({ ...ledgerInput, 'model-package': '3' }))).toMatch(
      /Promotion refused: No evaluation of purchases\/3 is recorded in .*evaluations-.*evaluate-challenger with `model-package-arn`/s,
    );
    expect(calls('UpdateModelPackage')).toEqual([]);
    // A later evaluation of the same package (a retrain's re-evaluation) counts, not the first one.
    record(v2, 'promote', '12-1-evaluation.json', '2026-11-30T11:00:00Z');
    const promoted = await run({ ...ledgerInput, 'model-package': '2' });
    expect(promoted.outputs).toMatchObject({ status: 'promoted', 'model-package-arn': v2 });
    expect(ledgerRecords().at(-1)!.evaluation).toMatchObject({ decision: 'promote', forced: false });
    // force promotes an unevaluated package; a rollback is never gated.
    expect((await run({ ...ledgerInput, 'model-package': v3, force: 'true' })).outputs.status).toBe(
      'promoted',
    );
    expect((await run({ ...ledgerInput, 'model-package': 'previous' })).outputs.status).toBe('rolled-back');
    expect(() => inputs({ ...ledgerInput, evaluation: 'x.json' })).toThrow(
      /"evaluation" and "evaluation-ledger" are exclusive/,
    );
  });

  it('is idempotent: re-running the same dispatch after success changes nothing and says so', async () => {
    world.addPackage(GROUP, 'Approved');
    const v2 = world.addPackage(GROUP, 'PendingManualApproval');
    const first = await run({ 'model-package': '2' });
    sm.resetHistory();
    const again = await run({ 'model-package': v2 });
    expect(again.outputs.status).toBe('unchanged');
    expect(again.summary).toMatch(/already in production on purchases-prod; nothing changed/);
    expect(
      calls('UpdateModelPackage').length +
        calls('CreateEndpointConfig').length +
        calls('UpdateEndpoint').length,
    ).toBe(0);
    expect(ledgerRecords()).toHaveLength(1);
    expect(first.outputs.status).toBe('promoted');
  });

  it('resumes safely after a failed attempt (existing model reused, new config, no duplicate)', async () => {
    const v1 = world.addPackage(GROUP, 'Approved');
    world.addPackage(GROUP, 'PendingManualApproval');
    world.serve('purchases-prod', v1);
    world.failNextUpdate = 'health check failed';
    await failure(run({ 'model-package': '2' }));
    const attempt2 = { ...env, GITHUB_RUN_ATTEMPT: '2' };
    const res = await promoteModel(
      inputs({ 'model-package': '2' }),
      testDeps({ env: attempt2, context: runContextFromEnv(attempt2) }),
    );
    expect(res.outputs.status).toBe('promoted');
    expect(calls('CreateModel')).toHaveLength(1);
    expect(calls('CreateEndpointConfig')).toHaveLength(2);
  });

  it('registry-only approves; its rollback rejects the current package so the previous one is the newest approved', async () => {
    const v1 = world.addPackage(GROUP, 'Approved');
    const v2 = world.addPackage(GROUP, 'PendingManualApproval');
    expect((await run({ target: 'registry-only' })).outputs).toMatchObject({
      status: 'promoted',
      'model-package-arn': v2,
    });
    expect(calls('CreateEndpoint')).toEqual([]);
    const back = await run({ target: 'registry-only', 'model-package': 'previous' });
    expect(back.outputs).toMatchObject({ status: 'rolled-back', 'model-package-arn': v1 });
    expect(world.pkg(v2).approval).toBe('Rejected');
  });

  it('lists the ledger as history', async () => {
    world.addPackage(GROUP, 'PendingManualApproval');
    await run();
    const history = await readHistory(ledger, GROUP, undefined);
    expect(history).toHaveLength(1);
  });

  describe('bad input gets a clear error and changes nothing', () => {
    afterEach(() => {
      expect(calls('UpdateModelPackage')).toEqual([]);
      expect(calls('CreateEndpointConfig')).toEqual([]);
      expect(calls('UpdateEndpoint')).toEqual([]);
    });
    it('a package of another group', async () => {
      const other = world.addPackage('churn', 'PendingManualApproval');
      expect(await failure(run({ 'model-package': other }))).toMatch(/belongs to group churn, not purchases/);
    });
    it('a Rejected package', async () => {
      world.addPackage(GROUP, 'Rejected');
      expect(await failure(run({ 'model-package': '1' }))).toMatch(/is Rejected in the registry/);
    });
    it('an endpoint that is Updating', async () => {
      const v1 = world.addPackage(GROUP, 'Approved');
      world.addPackage(GROUP, 'PendingManualApproval');
      world.serve('purchases-prod', v1);
      world.endpoints.get('purchases-prod')!.status = 'Updating';
      expect(await failure(run())).toMatch(
        /Endpoint purchases-prod is Updating \(another deployment is in progress.*re-run; use a `concurrency:` group/,
      );
    });
    it('previous with no earlier production model', async () => {
      const v1 = world.addPackage(GROUP, 'Approved');
      world.serve('purchases-prod', v1);
      expect(await failure(run({ 'model-package': 'previous' }))).toMatch(
        /previous: no earlier production model is recorded/,
      );
      world.endpoints.clear();
      expect(await failure(run({ 'model-package': 'previous' }))).toMatch(
        /there is no model in production on endpoint purchases-prod/,
      );
    });
    it('no pending package', async () => {
      expect(await failure(run())).toMatch(/has no package waiting for approval/);
    });
  });
});

describe('ledger reads on S3', () => {
  it('a record listed but not readable yet (404 right after a write) is skipped, not fatal', async () => {
    const { GetObjectCommand, ListObjectsV2Command, S3Client } = await import('@aws-sdk/client-s3');
    const s3 = mockClient(S3Client);
    const record = {
      kind: 'promotion',
      action: 'promote',
      to: 'arn:2',
      outcome: 'succeeded',
      finished_at: '2026-11-24T12:00:00.000Z',
    };
    s3.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: 'ledger/purchases/a.json' }, { Key: 'ledger/purchases/b.json' }],
    });
    s3.on(GetObjectCommand, { Key: 'ledger/purchases/a.json' })
      .resolves({ Body: { transformToString: async () => JSON.stringify(record) } as never })
      .on(GetObjectCommand, { Key: 'ledger/purchases/b.json' })
      .rejects(Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' }));
    const history = await readHistory('s3://ml-bucket/ledger', GROUP, new S3Client({ region: 'eu-west-1' }));
    expect(history).toEqual([record]);
    s3.restore();
  });
});
