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
});
