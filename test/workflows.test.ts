// Longer than 300 lines: one story through the five shipped example workflows, whose steps depend on each other
// (a package registered by the first pull request is the one the promotion gate accepts, and the champion the last
// pull request is compared against); splitting it would hide that chain.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runCli } from 'mlops-actions';
import { create, list } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../packages/cli/src/demo.js';
import { FakeAwsJson } from './harness/aws-json.js';
import { FakeAwsQuery } from './harness/aws-query.js';
import { ACTIONS_BOT, FakeGitHub } from './harness/github-api.js';
import { repoRoot } from './harness/runner.js';
import { LocalS3 } from './harness/s3.js';
import { TransformWorld } from './harness/transform-world.js';
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
  TRAINING_FRAMEWORK: 'sklearn:1.2-1',
  ML_BUCKET: BUCKET,
  MODEL_PACKAGE_GROUP: 'purchases',
  ENDPOINT_NAME: 'purchases-prod',
  ENDPOINT_ALARMS: '',
};
const workflow = (name: string) => join(repoRoot, 'examples/workflows', name);
const pkg = (v: number) => `arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/${v}`;
// The header-less data layout the example workflows declare (env DATA_COLUMNS).
const DATA_COLUMNS = 'id,timestamp,label,customer_id,age,tenure_days,basket_value,visits_30d,channel,country';

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

/**
 * The loop as a team runs it, through the exact files in examples/workflows and the bundled actions, against local
 * stand-ins (S3 protocol server, SageMaker and CloudFormation fakes, GitHub API): pull requests train their ml/ code
 * and are compared with the champion scored by Batch Transform; the promotion gate refuses the package that lost and
 * accepts the one that won; the schedule finds drift and starts retraining, which registers a model and reports in
 * an issue; a later pull request is compared with the new champion.
 */
describe('the loop: example workflows through the bundled actions', () => {
  const s3 = new LocalS3();
  const sagemaker = new FakeAwsJson();
  const cloudformation = new FakeAwsQuery();
  const github = new FakeGitHub();
  const world = new TransformWorld();
  let demo: string;
  let client: S3Client;
  let env: Record<string, string>;
  const jobs = new Map<string, { input: Record<string, any>; model: string }>();
  // What each registered version scores (v1 is the champion before the story); training appends in run order.
  const versionModels = ['champion'];
  // The model the next training job produces, and whether the next pull request touches infrastructure/.
  let nextModel = 'good';
  let infrastructureChanged = true;
  const scores = new Map<string, Map<string, string>>();
  let evalRows: string[][] = [];

  const put = (key: string, body: string | Uint8Array) =>
    client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  const get = async (key: string) =>
    (await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString();
  const bytes = async (key: string) =>
    (await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray();
  const keys = async (prefix: string) =>
    ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map(
      (o) => o.Key!,
    );
  const key = (uri: string) => uri.replace(`s3://${BUCKET}/`, '');

  /** Predictions as the example train.py writes them: the eval columns, then the score of `model`. */
  const predictionsCsv = (model: string) =>
    `${DATA_COLUMNS},score\n${evalRows.map((r) => `${r.join(',')},${scores.get(model)!.get(r[0]!)}`).join('\n')}\n`;

  const standIns: WorkflowOptions['standIns'] = {
    // The user's repository: the infrastructure template and the training code where the workflows expect them.
    'actions/checkout': (_inputs, workspace) => {
      mkdirSync(join(workspace, 'infrastructure'), { recursive: true });
      cpSync(
        join(repoRoot, 'examples/infrastructure/template.yaml'),
        join(workspace, 'infrastructure/template.yaml'),
      );
      cpSync(join(repoRoot, 'examples/ml'), join(workspace, 'ml'), { recursive: true });
    },
    'aws-actions/configure-aws-credentials': (inputs) => {
      expect(inputs['role-to-assume']).toMatch(/^arn:aws:iam::\d{12}:role\//);
      expect(inputs['aws-region']).toBe('eu-west-1');
    },
    'dorny/paths-filter': (inputs) => {
      expect(inputs.filters).toContain('infrastructure/**');
      return { infrastructure: String(infrastructureChanged) };
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
    const read = (file: string) => {
      const [head, ...lines] = readFileSync(join(demo, file), 'utf8').trim().split('\n');
      const names = head!.split(',');
      return lines.map((l) => {
        const cells = l.split(',');
        return new Map(names.map((n, i) => [n, cells[i]!]));
      });
    };
    const champion = read('champion-predictions.csv');
    const challenger = read('challenger-predictions.csv');
    evalRows = champion.map((row) => DATA_COLUMNS.split(',').map((c) => row.get(c)!));
    scores.set('champion', new Map(champion.map((r) => [r.get('id')!, r.get('score')!])));
    scores.set('good', new Map(challenger.map((r) => [r.get('id')!, r.get('score')!])));
    // A model that ranks backwards: the one a promotion must refuse.
    scores.set(
      'bad',
      new Map(challenger.map((r) => [r.get('id')!, (1 - Number(r.get('score'))).toFixed(6)])),
    );
    // The evaluation rows, header-less, where training's eval channel and the champion's batch transform read them.
    await put('data/eval/eval.csv', `${evalRows.map((r) => r.join(',')).join('\n')}\n`);
    await put('data/train/train.csv', `${evalRows.map((r) => r.join(',')).join('\n')}\n`);

    for (const [op, handler] of Object.entries(world.wireHandlers)) sagemaker.on(op, handler);
    // SageMaker training in script mode: a job "trains" by writing the predictions of `nextModel` where SageMaker
    // would, after the source archive it names was uploaded.
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
          AlgorithmSpecification: job.input.AlgorithmSpecification,
          HyperParameters: job.input.HyperParameters,
          OutputDataConfig: job.input.OutputDataConfig,
          ModelArtifacts: { S3ModelArtifacts: `${out}/model.tar.gz` },
          FinalMetricDataList: [{ MetricName: 'validation:average_precision', Value: 0.72 }],
          TrainingTimeInSeconds: 312,
          BillableTimeInSeconds: 312,
        };
      })
      .on('CreateTrainingJob', async (input) => {
        const name = input.TrainingJobName as string;
        const prefix = `${key((input.OutputDataConfig as { S3OutputPath: string }).S3OutputPath).replace(/\/$/, '')}/${name}/output`;
        const dir = mkdtempSync(join(tmpdir(), 'sm-job-'));
        writeFileSync(join(dir, 'predictions.csv'), predictionsCsv(nextModel));
        const archive = join(mkdtempSync(join(tmpdir(), 'sm-out-')), 'output.tar.gz');
        await create({ gzip: true, file: archive, cwd: dir }, ['predictions.csv']);
        await put(`${prefix}/output.tar.gz`, readFileSync(archive));
        await put(`${prefix}/model.tar.gz`, readFileSync(archive));
        jobs.set(name, { input, model: nextModel });
        versionModels.push(nextModel);
        return { TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${name}` };
      })
      .on('DescribeLogStreams', () => ({ logStreams: [] }));
    // Batch Transform: each input object's rows come back as `<object>.out`, the row joined with the score of the
    // model the job runs (JoinSource Input), without a header, as SageMaker writes them.
    const createTransformJob = world.wireHandlers.CreateTransformJob!;
    sagemaker.on('CreateTransformJob', async (input: Record<string, any>) => {
      const created = createTransformJob(input);
      const packageArn = world.models.get(input.ModelName)!.PrimaryContainer.ModelPackageName as string;
      const model = versionModels[Number(packageArn.split('/').pop()) - 1]!;
      const source = key(input.TransformInput.DataSource.S3DataSource.S3Uri);
      const output = key(input.TransformOutput.S3OutputPath).replace(/\/?$/, '/');
      for (const object of await keys(source)) {
        const rows = (await get(object)).trim().split('\n');
        const name = object.slice(source.replace(/[^/]*$/, '').length);
        await put(
          `${output}${name}.out`,
          `${rows.map((r) => `${r},${scores.get(model)!.get(r.split(',')[0]!)}`).join('\n')}\n`,
        );
      }
      return created;
    });

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
    world.pollsToFinish = 1;
    world.serve('purchases-prod', world.addPackage('purchases', 'Approved'));
  }, 180_000);
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
  const pullRequest = (number: number, sha: string) => ({
    number,
    pull_request: { number, head: { sha } },
  });
  const botComments = (pr: number) => github.commentsOn(pr).filter((c) => c.user.login === ACTIONS_BOT.login);

  it('1. pr-check on a pull request that changes ml/ and infrastructure/: plan, script-mode training, champion scored, evaluation and comments', async () => {
    const run = await runWorkflow(workflow('pr-check.yml'), options('pull_request', '9101'));
    // deploy-stack plan
    expect(run.jobs['infra-plan']!.steps.plan!.outputs['has-changes']).toBe('true');
    expect(cloudformation.callsTo('CreateChangeSet')[0]!.params).toMatchObject({
      StackName: 'ml-infra',
      ChangeSetType: 'CREATE',
      'Parameters.member.1.ParameterValue': 'octo-org',
    });
    // run-training: the pull request's ml/ packaged, uploaded, and run by the framework's image in script mode
    const request = jobs.get(run.jobs.train!.steps.train!.outputs['job-name']!)!.input;
    expect(request.AlgorithmSpecification.TrainingImage).toMatch(
      /^\d{12}\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/sagemaker-scikit-learn:1\.2-1/,
    );
    const hp = request.HyperParameters as Record<string, string>;
    expect(JSON.parse(hp.sagemaker_program!)).toBe('train.py');
    expect(JSON.parse(hp.columns!)).toBe(DATA_COLUMNS);
    expect(JSON.parse(hp.epochs!)).toBe(8);
    const archiveKey = key(JSON.parse(hp.sagemaker_submit_directory!));
    expect(archiveKey).toMatch(/^pr\/models\/source\/[0-9a-f]{64}\/sourcedir\.tar\.gz$/);
    const archive = join(mkdtempSync(join(tmpdir(), 'src-')), 'sourcedir.tar.gz');
    writeFileSync(archive, await bytes(archiveKey));
    const entries: string[] = [];
    await list({ file: archive, onReadEntry: (e) => void entries.push(e.path) });
    expect(entries).toContain('train.py');
    // run-training -> evaluate-challenger through the job outputs
    const train = run.jobs.train!;
    expect(train.outputs.predictions).toBe(
      `s3://${BUCKET}/pr/predictions/7/2f4c6e8a0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a.csv`,
    );
    expect(await get('pr/predictions/7/2f4c6e8a0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a.csv')).toBe(
      predictionsCsv('good'),
    );
    expect(train.outputs['model-package-arn']).toBe(pkg(2));
    // batch-transform: the champion (v1, the latest Approved) on the same evaluation rows, ids joined back
    const champion = run.jobs.champion!.steps.score!.outputs;
    expect(champion).toMatchObject({ status: 'Completed', 'model-package-arn': pkg(1) });
    const transform = [...world.jobs.values()].at(-1)!.request;
    expect(transform.DataProcessing).toMatchObject({ JoinSource: 'Input', InputFilter: '$[3:]' });
    expect(transform.TransformInput.DataSource.S3DataSource.S3Uri).toBe(`s3://${BUCKET}/data/eval/`);
    expect(await keys(key(champion.predictions!))).toEqual([`${key(champion.predictions!)}eval.csv.out`]);
    // evaluate-challenger: decided, commented, recorded under the package for promote.yml
    expect(run.jobs.evaluate!.steps.evaluate!.outputs.decision).toBe('promote');
    expect(botComments(7).map((c) => c.body.split('\n')[0])).toEqual([
      '<!-- mlops-actions:deploy-stack:ml-infra -->',
      expect.stringMatching(/^<!-- mlops-actions:evaluate-challenger:/),
    ]);
    const record = JSON.parse(await get('evaluations/purchases/2/9101-1-evaluation.json'));
    expect(record).toMatchObject({ decision: 'promote', model_package_arn: pkg(2) });
    expect(record.data.join_rate).toBe(1);
  }, 180_000);

  it('2. pr-check on a pull request that changes only ml/: no plan; its worse model is registered and evaluated as keep', async () => {
    nextModel = 'bad';
    infrastructureChanged = false;
    const sha = '8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b';
    const run = await runWorkflow(
      workflow('pr-check.yml'),
      options('pull_request', '9102', pullRequest(8, sha)),
    );
    expect(run.jobs['infra-plan']!.result).toBe('skipped');
    expect(cloudformation.callsTo('CreateChangeSet')).toHaveLength(1);
    expect(run.jobs.train!.outputs['model-package-arn']).toBe(pkg(3));
    expect(run.jobs.evaluate!.steps.evaluate!.outputs.decision).toBe('keep');
    expect(botComments(8).map((c) => c.body.split('\n')[0])).toEqual([
      expect.stringMatching(/^<!-- mlops-actions:evaluate-challenger:/),
    ]);
    expect(await keys('evaluations/purchases/3/')).toEqual([
      'evaluations/purchases/3/9102-1-evaluation.json',
    ]);
  }, 180_000);

  it('3. promote: the gate refuses the package that lost its evaluation and promotes the one that won', async () => {
    // latest-pending is version 3, which lost: refused, nothing approved or deployed.
    await expect(
      runWorkflow(
        workflow('promote.yml'),
        options('workflow_dispatch', '9103', {
          inputs: { 'model-package': 'latest-pending', rollback: false, reason: 'newest model' },
        }),
      ),
    ).rejects.toThrow(
      /Promotion refused: the evaluation \(s3:\/\/ml-bucket\/evaluations\/purchases\/3\/9102-1-evaluation\.json\) decided "keep"/,
    );
    expect(sagemaker.callsTo('CreateEndpointConfig')).toHaveLength(0);
    const run = await runWorkflow(
      workflow('promote.yml'),
      options('workflow_dispatch', '9104', {
        inputs: { 'model-package': pkg(2), rollback: false, reason: 'pr-check 7 beat the champion' },
      }),
    );
    const out = run.jobs.promote!.steps.promote!.outputs;
    expect(out).toMatchObject({
      status: 'promoted',
      'model-package-arn': pkg(2),
      'previous-model-package-arn': pkg(1),
    });
    expect(sagemaker.callsTo('CreateEndpointConfig')[0]!.input.DataCaptureConfig).toMatchObject({
      DestinationS3Uri: `s3://${BUCKET}/datacapture/purchases-prod/`,
    });
    expect(await keys('ledger/purchases/')).toHaveLength(1);
    expect(JSON.parse(await get((await keys('ledger/purchases/'))[0]!)).evaluation).toMatchObject({
      decision: 'promote',
      forced: false,
    });
    expect(github.deployments.at(-1)!.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
  }, 180_000);

  it('4. drift-report on schedule: only the last 12 weeks of capture and ground truth are read; drift found, one issue, retrain.yml dispatched', async () => {
    // Production traffic as SageMaker data capture, outcomes as ground-truth records, in the partitions of the
    // last day. (The partitions follow the clock, as SageMaker's do; lookback counts back from now.)
    const header = DATA_COLUMNS.split(',');
    const col = (row: string[], name: string) => row[header.indexOf(name)]!;
    const championScores = scores.get('champion')!;
    const capture: string[] = [];
    const truth: string[] = [];
    for (const row of evalRows) {
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
              data: championScores.get(row[0]!)!,
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
    const hour = (ms: number) => new Date(ms).toISOString().slice(0, 13).replace(/[-T]/g, '/');
    const recent = hour(Date.now() - 26 * 3_600_000);
    await put(
      `datacapture/purchases-prod/AllTraffic/${recent}/capture-0001.jsonl`,
      `${capture.join('\n')}\n`,
    );
    await put(`ground-truth/${hour(Date.now() - 3_600_000)}/truth-0001.jsonl`, `${truth.join('\n')}\n`);
    // Two years ago: unreadable records that would fail the run (max-bad-records: 10) if lookback listed them.
    const old = hour(Date.now() - 730 * 86_400_000);
    const broken = `${Array.from({ length: 20 }, () => '{"captureData": broken').join('\n')}\n`;
    await put(`datacapture/purchases-prod/AllTraffic/${old}/capture-0001.jsonl`, broken);
    await put(`ground-truth/${old}/truth-0001.jsonl`, broken);
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

    const run = await runWorkflow(workflow('drift-report.yml'), options('schedule', '9105'));
    const step = run.jobs.drift!.steps.drift!;
    const drift = step.outputs;
    expect(drift.retrain).toBe('true');
    expect(JSON.parse(drift['drifted-features']!)).toEqual(
      expect.arrayContaining(['tenure_days', 'channel']),
    );
    expect(step.log).toMatch(/Reading the period .* \(lookback\)/);
    const result = JSON.parse(readFileSync(drift['result-json']!, 'utf8'));
    expect(result.performance.join.matched).toBe(evalRows.length);
    expect(github.issues.filter((i) => i.labels.some((l) => l.name === 'model-drift'))).toHaveLength(1);
    expect(github.dispatches).toMatchObject([{ workflow: 'retrain.yml', ref: 'main', inputs: {} }]);
    expect(await keys('reports/drift/')).toEqual([
      expect.stringMatching(/^reports\/drift\/drift-report-9105-1\.html$/),
    ]);
  }, 180_000);

  it('5. retrain (as dispatched): trains main, registers, compares with the champion as pr-check does, and reports in an issue', async () => {
    nextModel = 'good';
    const run = await runWorkflow(
      workflow('retrain.yml'),
      options('workflow_dispatch', '9106', { inputs: { reason: 'scheduled drift report' } }),
    );
    expect(run.jobs.train!.outputs['model-package-arn']).toBe(pkg(4));
    const hp = jobs.get(run.jobs.train!.steps.train!.outputs['job-name']!)!.input.HyperParameters;
    expect(key(JSON.parse(hp.sagemaker_submit_directory))).toMatch(/^models\/source\/[0-9a-f]{64}\//);
    // The champion now is version 2, the promoted one.
    expect(run.jobs.champion!.steps.score!.outputs['model-package-arn']).toBe(pkg(2));
    const decision = run.jobs.evaluate!.steps.evaluate!.outputs.decision!;
    const issues = github.issues.filter((i) => i.labels.some((l) => l.name === 'retraining'));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.body).toContain(pkg(4));
    expect(run.jobs.evaluate!.steps.evaluate!.outputs['issue-url']).toBe(issues[0]!.html_url);
    const record = JSON.parse(await get('evaluations/purchases/4/9106-1-retraining.json'));
    expect(record).toMatchObject({ decision, model_package_arn: pkg(4) });
  }, 180_000);

  it('6. a later pull request is compared with the newly promoted champion; rollback returns to the model before it', async () => {
    const run = await runWorkflow(
      workflow('pr-check.yml'),
      options('pull_request', '9107', pullRequest(9, '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c')),
    );
    const champion = run.jobs.champion!.steps.score!.outputs;
    expect(champion['model-package-arn']).toBe(pkg(2));
    const rows = (await get(`${key(champion.predictions!)}eval.csv.out`)).trim().split('\n');
    const [id, , , , , , , , , , score] = rows[0]!.split(',');
    expect(score).toBe(scores.get('good')!.get(id!));
    expect(run.jobs.train!.outputs['model-package-arn']).toBe(pkg(5));

    // The same promotion workflow with rollback: true goes back to version 1.
    const back = await runWorkflow(
      workflow('promote.yml'),
      options('workflow_dispatch', '9108', { inputs: { rollback: true, reason: 'conversion dropped' } }),
    );
    expect(back.jobs.promote!.steps.promote!.outputs).toMatchObject({
      status: 'rolled-back',
      'model-package-arn': pkg(1),
    });
    expect(await keys('ledger/purchases/')).toHaveLength(2);
  }, 180_000);
});
