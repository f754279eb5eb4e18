import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAwsJson } from './harness/aws-json.js';
import { FakeGitHub } from './harness/github-api.js';
import { runStep } from './harness/runner.js';
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
