import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runCli } from 'mlops-actions';
import { create } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../packages/cli/src/demo.js';
import { FakeAwsJson } from './harness/aws-json.js';
import { FakeAwsQuery } from './harness/aws-query.js';
import { ACTIONS_BOT, FakeGitHub } from './harness/github-api.js';
import { repoRoot } from './harness/runner.js';
import { LocalS3 } from './harness/s3.js';
import { SageMakerWorld } from './harness/sagemaker-world.js';
import { evaluate, runWorkflow, type WorkflowOptions } from './harness/workflow.js';

const BUCKET = 'ml-bucket';
const vars = {
  AWS_REGION: 'eu-west-1',
  PR_ROLE_ARN: 'arn:aws:iam::123456789012:role/mlops/ml-infra-PullRequestRole',
  MAIN_ROLE_ARN: 'arn:aws:iam::123456789012:role/mlops/ml-infra-MainBranchRole',
  INFRA_ROLE_ARN: 'arn:aws:iam::123456789012:role/mlops/ml-infra-InfrastructureRole',
  CFN_SERVICE_ROLE_ARN: 'arn:aws:iam::123456789012:role/mlops/ml-infra-CloudFormationServiceRole',
  PR_EXECUTION_ROLE_ARN: 'arn:aws:iam::123456789012:role/mlops/ml-infra-PullRequestExecutionRole',
  PROMOTION_ROLE_ARN: 'arn:aws:iam::123456789012:role/promotion',
  SAGEMAKER_EXECUTION_ROLE_ARN: 'arn:aws:iam::123456789012:role/sagemaker-execution',
  TRAINING_IMAGE: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/purchases-train:1',
  ML_BUCKET: BUCKET,
  MODEL_PACKAGE_GROUP: 'purchases',
  ENDPOINT_NAME: 'purchases-prod',
  ENDPOINT_ALARMS: '',
};
const workflow = (name: string) => join(repoRoot, 'examples/workflows', name);

describe('expressions', () => {
  it('evaluate the subset the workflows use', () => {
    const ctx = {
      inputs: { rollback: true, 'model-package': '3' },
      steps: { a: { outputs: { decision: 'promote' }, outcome: 'success' } },
    };
    expect(evaluate("inputs.rollback && 'previous' || inputs.model-package", ctx)).toBe('previous');
    expect(
      evaluate("inputs.rollback && 'previous' || inputs.model-package", {
        ...ctx,
        inputs: { ...ctx.inputs, rollback: false },
      }),
    ).toBe('3');
    expect(evaluate("steps.a.outputs.decision == 'promote'", ctx)).toBe(true);
    expect(() => evaluate('steps.a.outputs.decisoin', ctx)).toThrow(/decisoin is not defined/);
  });
});

// The three example workflows, chained through one world: the pull-request check registers a challenger, the
// scheduled drift report asks for retraining, the manual promotion rolls the registered model out.
describe('example workflows, step by step through the bundled actions', () => {
  const s3 = new LocalS3();
  const sagemaker = new FakeAwsJson();
  const cloudformation = new FakeAwsQuery();
  const github = new FakeGitHub();
  const world = new SageMakerWorld();
  let demo: string;
  let client: S3Client;
  let env: Record<string, string>;
  const jobs = new Map<string, { input: Record<string, unknown>; status: string }>();

  const put = (key: string, body: string | Uint8Array) =>
    client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  const get = async (key: string) =>
    (await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString();
  const keys = async (prefix: string) =>
    ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map(
      (o) => o.Key!,
    );

  const standIns: WorkflowOptions['standIns'] = {
    // The user's repository: the infrastructure template where pr-check and deploy-infra expect it.
    'actions/checkout': (_inputs, workspace) => {
      mkdirSync(join(workspace, 'infrastructure'), { recursive: true });
      cpSync(
        join(repoRoot, 'examples/infrastructure/template.yaml'),
        join(workspace, 'infrastructure/template.yaml'),
      );
    },
    'aws-actions/configure-aws-credentials': (inputs) => {
      expect(inputs['role-to-assume']).toMatch(/^arn:aws:iam::\d{12}:role\//);
      expect(inputs['aws-region']).toBe('eu-west-1');
    },
    // Artifacts must exist where the previous step's output says.
    'actions/upload-artifact': (inputs, workspace) => {
      for (const path of inputs.path!.split('\n').filter(Boolean))
        expect(existsSync(join(workspace, path)) || existsSync(path), path).toBe(true);
    },
  };

  beforeAll(async () => {
    await Promise.all([s3.start([BUCKET]), sagemaker.start(), cloudformation.start(), github.start()]);
    env = { ...sagemaker.env(), ...cloudformation.env(), ...s3.env() };
    client = new S3Client({
      region: 'eu-west-1',
      endpoint: s3.env().AWS_ENDPOINT_URL_S3,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    // Data and both models' predictions from the demo (generated data, example training script, local backend).
    demo = join(mkdtempSync(join(tmpdir(), 'wf-demo-')), 'out');
    expect(
      await runDemo({ stdout: () => {}, stderr: (t) => process.stderr.write(t), env: process.env }, [
        '--out',
        demo,
      ]),
    ).toBe(0);
    await put('predictions/champion/predictions.csv', readFileSync(join(demo, 'champion-predictions.csv')));

    // SageMaker training: a job "trains" by writing the challenger's archives where SageMaker would.
    for (const [op, handler] of Object.entries(world.handlers)) sagemaker.on(op, handler);
    sagemaker
      .on('DescribeTrainingJob', (input) => {
        const job = jobs.get(input.TrainingJobName as string);
        if (!job)
          throw Object.assign(new Error('Requested resource not found.'), { name: 'ValidationException' });
        const out = `${(job.input.OutputDataConfig as { S3OutputPath: string }).S3OutputPath.replace(/\/$/, '')}/${input.TrainingJobName}/output`;
        return {
          TrainingJobName: input.TrainingJobName,
          TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${input.TrainingJobName}`,
          TrainingJobStatus: 'Completed',
          SecondaryStatus: 'Completed',
          OutputDataConfig: job.input.OutputDataConfig,
          ModelArtifacts: { S3ModelArtifacts: `${out}/model.tar.gz` },
          FinalMetricDataList: [{ MetricName: 'validation:average_precision', Value: 0.72 }],
          TrainingTimeInSeconds: 312,
          BillableTimeInSeconds: 312,
        };
      })
      .on('CreateTrainingJob', async (input) => {
        const name = input.TrainingJobName as string;
        const prefix = `${(input.OutputDataConfig as { S3OutputPath: string }).S3OutputPath.replace(`s3://${BUCKET}/`, '').replace(/\/$/, '')}/${name}/output`;
        const dir = mkdtempSync(join(tmpdir(), 'sm-job-'));
        cpSync(join(demo, 'challenger-predictions.csv'), join(dir, 'predictions.csv'));
        const archive = join(mkdtempSync(join(tmpdir(), 'sm-out-')), 'output.tar.gz');
        await create({ gzip: true, file: archive, cwd: dir }, ['predictions.csv']);
        await put(`${prefix}/output.tar.gz`, readFileSync(archive));
        await put(`${prefix}/model.tar.gz`, readFileSync(archive));
        jobs.set(name, { input, status: 'Completed' });
        return { TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${name}` };
      })
      .on('DescribeLogStreams', () => ({ logStreams: [] }));

    // CloudFormation: a new stack; the change set adds what the template declares.
    cloudformation
      .on('DescribeStacks', (p) => {
        throw Object.assign(new Error(`Stack with id ${p.StackName} does not exist`), {
          name: 'ValidationError',
        });
      })
      .on('CreateChangeSet', (p) => ({
        Id: `arn:aws:cloudformation:eu-west-1:123456789012:changeSet/${p.ChangeSetName}/1`,
      }))
      .on('DescribeChangeSet', (p) => ({
        ChangeSetName: p.ChangeSetName,
        Status: 'CREATE_COMPLETE',
        ExecutionStatus: 'AVAILABLE',
        Changes: ['ArtifactBucket', 'CiRole', 'PromotionRole'].map((id) => ({
          Type: 'Resource',
          ResourceChange: {
            Action: 'Add',
            LogicalResourceId: id,
            ResourceType: id === 'ArtifactBucket' ? 'AWS::S3::Bucket' : 'AWS::IAM::Role',
          },
        })),
      }))
      .on('DeleteChangeSet', () => ({}))
      .on('DeleteStack', () => ({}));

    // Production before the workflows: version 1 serves on the endpoint.
    world.pollsToSettle = 1;
    world.serve('purchases-prod', world.addPackage('purchases', 'Approved'));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([s3.stop(), sagemaker.stop(), cloudformation.stop(), github.stop()]);
  });

  const options = (
    event: WorkflowOptions['event'],
    runId: string,
    payload?: Record<string, unknown>,
  ): WorkflowOptions => ({
    event,
    payload,
    vars,
    env: { ...env, 'INPUT_POLL-INTERVAL': '10ms' },
    apiUrl: github.url,
    runId,
    standIns,
  });

  it('1. pr-check: plan comment, challenger trained and registered, evaluation comment', async () => {
    const run = await runWorkflow(workflow('pr-check.yml'), options('pull_request', '9101'));
    // deploy-stack plan
    expect(run.jobs['infra-plan']!.steps.plan!.outputs['has-changes']).toBe('true');
    expect(cloudformation.callsTo('CreateChangeSet')[0]!.params).toMatchObject({
      StackName: 'ml-infra',
      ChangeSetType: 'CREATE',
      'Parameters.member.1.ParameterValue': 'octo-org',
    });
    // run-training -> evaluate-challenger through the job outputs
    const train = run.jobs.train!;
    expect(train.outputs.predictions).toBe(
      `s3://${BUCKET}/pr/predictions/7/2f4c6e8a0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a.csv`,
    );
    expect(await get('pr/predictions/7/2f4c6e8a0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a.csv')).toBe(
      readFileSync(join(demo, 'challenger-predictions.csv'), 'utf8'),
    );
    expect(train.outputs['model-package-arn']).toBe(
      'arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/2',
    );
    expect(run.jobs.evaluate!.steps.evaluate!.outputs.decision).toBe('promote');
    const comments = github.commentsOn(7).filter((c) => c.user.login === ACTIONS_BOT.login);
    expect(comments.map((c) => c.body.split('\n')[0])).toEqual([
      '<!-- mlops-actions:deploy-stack:ml-infra -->',
      expect.stringMatching(/^<!-- mlops-actions:evaluate-challenger:/),
    ]);
  }, 120_000);

  it('2. drift-report: data capture and ground truth from S3, retraining advised, one issue, retrain.yml dispatched', async () => {
    // Production traffic of the current model as SageMaker data capture, outcomes as ground-truth records.
    const lines = readFileSync(join(demo, 'champion-predictions.csv'), 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const col = (row: string[], name: string) => row[header.indexOf(name)]!;
    const capture: string[] = [];
    const truth: string[] = [];
    for (const line of lines.slice(1)) {
      const row = line.split(',');
      const features = Object.fromEntries(
        ['age', 'tenure_days', 'basket_value', 'visits_30d']
          .map((f) => [f, Number(col(row, f))])
          .concat([
            ['channel', col(row, 'channel')],
            ['country', col(row, 'country')],
          ]),
      );
      capture.push(
        JSON.stringify({
          captureData: {
            endpointInput: {
              observedContentType: 'application/json',
              mode: 'INPUT',
              data: JSON.stringify(features),
              encoding: 'JSON',
            },
            endpointOutput: {
              observedContentType: 'text/csv; charset=utf-8',
              mode: 'OUTPUT',
              data: col(row, 'score'),
              encoding: 'CSV',
            },
          },
          eventMetadata: { eventId: col(row, 'id'), inferenceTime: col(row, 'timestamp') },
          eventVersion: '0',
        }),
      );
      truth.push(
        JSON.stringify({
          groundTruthData: { data: col(row, 'label'), encoding: 'CSV' },
          eventMetadata: { eventId: col(row, 'id') },
          eventVersion: '0',
        }),
      );
    }
    await put(
      'datacapture/purchases-prod/AllTraffic/2026/11/23/00/capture-0001.jsonl',
      `${capture.join('\n')}\n`,
    );
    await put('ground-truth/2026/11/24/00/truth-0001.jsonl', `${truth.join('\n')}\n`);
    // The reference summary, written once from the training data (as the README says), with the CLI in this
    // process: the SDK reads credentials and endpoints from process.env.
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const code = await runCli(
      [
        'drift-report',
        '--predictions',
        join(demo, 'champion-predictions.csv'),
        '--reference',
        join(demo, 'data/reference.csv'),
        '--features',
        'age,tenure_days,basket_value,visits_30d,channel,country',
        '--write-reference',
        `s3://${BUCKET}/drift/reference-summary.json`,
        '--result-path',
        join(demo, 'ref-run.json'),
        '--report-dir',
        demo,
      ],
      { stdout: () => {}, stderr: (t) => void process.stderr.write(t), env: process.env },
    ).finally(() => {
      for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    });
    expect(code).toBe(0);

    const run = await runWorkflow(workflow('drift-report.yml'), options('schedule', '9102'));
    const drift = run.jobs.drift!.steps.drift!.outputs;
    expect(drift.retrain).toBe('true');
    expect(JSON.parse(drift['drifted-features']!)).toEqual(
      expect.arrayContaining(['tenure_days', 'channel']),
    );
    expect(github.issues.filter((i) => i.labels.some((l) => l.name === 'model-drift'))).toHaveLength(1);
    expect(github.dispatches).toMatchObject([{ workflow: 'retrain.yml', ref: 'main', inputs: {} }]);
    expect(await keys('reports/drift/')).toEqual([
      expect.stringMatching(/^reports\/drift\/drift-report-9102-1\.html$/),
    ]);
  }, 120_000);

  it('3. promote: the registered challenger is approved and rolled out, recorded in the ledger and as a deployment', async () => {
    const run = await runWorkflow(
      workflow('promote.yml'),
      options('workflow_dispatch', '9103', {
        inputs: {
          'model-package': 'latest-pending',
          rollback: false,
          reason: 'pr-check 7 beat the champion',
        },
      }),
    );
    const out = run.jobs.promote!.steps.promote!.outputs;
    expect(out).toMatchObject({
      status: 'promoted',
      'model-package-arn': 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/2',
      'previous-model-package-arn': 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/1',
    });
    expect(sagemaker.callsTo('CreateEndpointConfig')[0]!.input.DataCaptureConfig).toMatchObject({
      DestinationS3Uri: `s3://${BUCKET}/datacapture/purchases-prod/`,
    });
    expect(await keys('ledger/purchases/')).toHaveLength(1);
    expect(github.deployments.at(-1)!.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);

    // The same workflow with rollback: true goes back to version 1.
    const back = await runWorkflow(
      workflow('promote.yml'),
      options('workflow_dispatch', '9104', { inputs: { rollback: true, reason: 'conversion dropped' } }),
    );
    expect(back.jobs.promote!.steps.promote!.outputs).toMatchObject({
      status: 'rolled-back',
      'model-package-arn': 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/1',
    });
    expect(await keys('ledger/purchases/')).toHaveLength(2);
  }, 120_000);
});
