import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { list } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageSourceDir } from '../packages/run-training/src/source-dir.js';
import { AwsFault, FakeAwsJson } from './harness/aws-json.js';
import { repoRoot, runAction, runStep } from './harness/runner.js';
import { LocalS3 } from './harness/s3.js';

const trainScript = join(repoRoot, 'examples/ml/train.py');
const sourceDir = join(repoRoot, 'examples/ml');

/** A fresh workspace with the example purchase data under data/ (generate-data.mjs). */
function workspaceWithData(prefix: string): string {
  const workspace = mkdtempSync(join(tmpdir(), prefix));
  execFileSync(process.execPath, [
    join(repoRoot, 'examples/training/generate-data.mjs'),
    join(workspace, 'data'),
  ]);
  return workspace;
}

async function archiveEntries(file: string): Promise<string[]> {
  const entries: string[] = [];
  await list({ file, onReadEntry: (e) => void entries.push(e.path) });
  return entries;
}

describe('run-training (bundled action), local backend', () => {
  it('runs the example source dir in script mode with the SageMaker contract and produces the archive, outputs and predictions', async () => {
    const workspace = workspaceWithData('train-local-');
    const res = await runStep('run-training', {
      event: 'pull_request',
      workspace,
      inputs: {
        backend: 'local',
        'source-dir': sourceDir,
        'entry-point': 'train.py',
        channels: 'train: data/challenger-train\neval: data/eval',
        hyperparameters: 'epochs: 3',
        'metric-definitions': "'validation:average_precision': 'validation:average_precision=([0-9.]+)'",
        'predictions-path': 'predictions.csv',
      },
    });
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    const out = res.outputs;
    expect(out['job-name']).toMatch(/^ml-repo-\d+-1-[0-9a-f]{6}$/);
    expect(out.status).toBe('Completed');
    expect(res.log).toContain('epoch 3/3');
    // Script mode, as the training toolkit runs it: the entry point from the unpacked code with --name value.
    expect(res.log).toMatch(/Running `python3 train\.py --epochs 3` with the SageMaker training contract/);
    expect(await archiveEntries(out['model-artifact']!)).toEqual(['model.json']);
    const metrics = JSON.parse(out.metrics!);
    expect(metrics).toHaveLength(1);
    expect(metrics[0].MetricName).toBe('validation:average_precision');
    expect(metrics[0].Value).toBeGreaterThan(0.5);
    const predictions = readFileSync(resolve(workspace, out.predictions!), 'utf8').trim().split('\n');
    const evalRows = readFileSync(join(workspace, 'data/eval/data.csv'), 'utf8').trim().split('\n');
    expect(predictions).toHaveLength(evalRows.length);
    expect(predictions[0]).toBe(`${evalRows[0]},score`);
    expect(res.summary).toContain(`Training job \`${out['job-name']}\`: Completed`);
    // Paths are inline code, not escaped backticks shown literally.
    expect(res.summary).toContain(`| Model artifact | \`${out['model-artifact']}\` |`);
    expect(res.summary).not.toContain('&#96;');
  });

  it('fails with the script’s exit code and its /opt/ml/output/failure reason', async () => {
    const workspace = workspaceWithData('train-local-fail-');
    const res = await runStep('run-training', {
      workspace,
      inputs: {
        backend: 'local',
        'entry-point': `python3 ${trainScript}`,
        channels: 'train: data/challenger-train',
        hyperparameters: 'label: purchased',
      },
    });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatch(
      /exited with code 1: ValueError: column "purchased" \(hyperparameter label\) is not in the training data/,
    );
    expect(existsSync(join(workspace, 'run-training-output'))).toBe(false);
  });

  it('removes its $TMPDIR/<job>-* training directory after the run, and keeps it with keep-temp', async () => {
    const workspace = workspaceWithData('train-local-temp-');
    const train = async (keepTemp: string) => {
      const temp = mkdtempSync(join(tmpdir(), 'train-local-tmpdir-'));
      const res = await runStep('run-training', {
        workspace,
        env: { TMPDIR: temp },
        inputs: {
          backend: 'local',
          'entry-point': `python3 ${trainScript}`,
          'job-name': 'temp-check',
          channels: 'train: data/champion-train\neval: data/eval',
          hyperparameters: 'epochs: 1',
          'keep-temp': keepTemp,
        },
      });
      expect(res.errors).toEqual([]);
      return { res, left: readdirSync(temp) };
    };
    expect((await train('false')).left).toEqual([]);
    const kept = await train('true');
    expect(kept.left).toEqual([expect.stringMatching(/^temp-check-/)]);
    expect(kept.res.log).toContain('Kept the training directory');
  });
});

describe('run-training (bundled action), local backend in script mode', () => {
  it('hands the script the contract SageMaker would: JSON-encoded hyperparameters.json, the code in code/, SM_* variables; stores the package where sagemaker_submit_directory says', async () => {
    const workspace = workspaceWithData('train-script-');
    const temp = mkdtempSync(join(tmpdir(), 'train-script-tmpdir-'));
    const res = await runStep('run-training', {
      workspace,
      env: { TMPDIR: temp, AWS_REGION: 'eu-west-1' },
      inputs: {
        backend: 'local',
        'source-dir': sourceDir,
        'entry-point': 'train.py',
        'job-name': 'script-check',
        channels: 'train: data/champion-train',
        hyperparameters: 'epochs: 1\nlabel: label\nlearning_rate: 0.2',
        'output-path': 'models',
        'keep-temp': 'true',
      },
    });
    expect(res.errors).toEqual([]);
    const [kept] = readdirSync(temp);
    const root = join(temp, kept!);
    const { sha256, bytes } = await packageSourceDir(sourceDir);
    const stored = join(workspace, 'models/source', sha256, 'sourcedir.tar.gz');
    expect(readFileSync(stored).equals(bytes)).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'input/config/hyperparameters.json'), 'utf8'))).toEqual({
      epochs: '1',
      label: '"label"',
      learning_rate: '0.2',
      sagemaker_program: '"train.py"',
      sagemaker_submit_directory: JSON.stringify(stored),
      sagemaker_container_log_level: '20',
      sagemaker_region: '"eu-west-1"',
      sagemaker_job_name: '"script-check"',
    });
    expect(readdirSync(join(root, 'code'))).toEqual(['train.py']);
    expect(res.log).toMatch(/Running `python3 train\.py --epochs 1 --label label --learning_rate 0\.2`/);
  });

  it('runs a command from the workspace with the input "command"', async () => {
    const workspace = workspaceWithData('train-command-');
    const res = await runStep('run-training', {
      workspace,
      inputs: {
        backend: 'local',
        command: `python3 ${trainScript}`,
        channels: 'train: data/champion-train',
        hyperparameters: 'epochs: 2',
      },
    });
    expect(res.errors).toEqual([]);
    expect(res.log).toContain('epoch 2/2');
    expect(res.outputs.status).toBe('Completed');
  });
});

describe('run-training (bundled action) on SageMaker in script mode', () => {
  const aws = new FakeAwsJson();
  const s3 = new LocalS3();
  beforeAll(async () => {
    await aws.start();
    await s3.start(['ml-bucket']);
  });
  afterAll(async () => {
    await aws.stop();
    await s3.stop();
  });

  it('uploads the packaged source once under its hash and sends the framework image and JSON-encoded hyperparameters', async () => {
    const jobs = new Map<string, Record<string, unknown>>();
    aws
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
      .on('CreateTrainingJob', (input) => {
        jobs.set(input.TrainingJobName as string, input);
        return {
          TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${input.TrainingJobName}`,
        };
      })
      .on('DescribeLogStreams', () => ({ logStreams: [] }));
    const train = (runId: string) =>
      runStep('run-training', {
        env: { ...aws.env(), ...s3.env() },
        runId,
        inputs: {
          'source-dir': sourceDir,
          'entry-point': 'train.py',
          framework: 'sklearn:1.2-1',
          'role-arn': 'arn:aws:iam::123456789012:role/sagemaker-execution',
          'instance-type': 'ml.m5.large',
          channels: 'train: s3://ml-bucket/train/',
          'output-path': 's3://ml-bucket/models',
          hyperparameters: 'epochs: 8\nlabel: purchased',
          'poll-interval': '1s',
        },
      });
    const first = await train('501');
    expect(first.errors).toEqual([]);
    const { sha256, bytes } = await packageSourceDir(sourceDir);
    const key = `models/source/${sha256}/sourcedir.tar.gz`;
    const request = aws.callsTo('CreateTrainingJob')[0]!.input;
    expect(request.AlgorithmSpecification).toMatchObject({
      TrainingImage: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
    });
    expect(request.HyperParameters).toEqual({
      epochs: '8',
      label: '"purchased"',
      sagemaker_program: '"train.py"',
      sagemaker_submit_directory: `"s3://ml-bucket/${key}"`,
      sagemaker_container_log_level: '20',
      sagemaker_region: '"eu-west-1"',
      sagemaker_job_name: JSON.stringify(first.outputs['job-name']),
    });
    const client = new S3Client({
      region: 'eu-west-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const object = await client.send(new GetObjectCommand({ Bucket: 'ml-bucket', Key: key }));
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    const puts = () => s3.requests.filter((r) => r.method === 'PUT').map((r) => r.path.split('?')[0]);
    expect(puts()).toEqual([`/ml-bucket/${key}`]);

    // Another run of the same code: a new job, the same package, not uploaded again.
    const second = await train('502');
    expect(second.errors).toEqual([]);
    expect(aws.callsTo('CreateTrainingJob')).toHaveLength(2);
    expect(puts()).toEqual([`/ml-bucket/${key}`]);
    expect(second.log).toContain('is already uploaded');
  });
});

describe('run-training (bundled action) on SageMaker, cancelled while waiting', () => {
  const aws = new FakeAwsJson();
  beforeAll(() => aws.start());
  afterAll(() => aws.stop());

  it('the post step stops the training job', async () => {
    let created = false;
    aws
      .on('DescribeTrainingJob', (input) => {
        if (!created) throw new AwsFault('ValidationException', 'Requested resource not found.');
        return {
          TrainingJobName: input.TrainingJobName,
          TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${input.TrainingJobName}`,
          TrainingJobStatus: aws.callsTo('StopTrainingJob').length ? 'Stopping' : 'InProgress',
          SecondaryStatus: 'Training',
        };
      })
      .on('CreateTrainingJob', (input) => {
        created = true;
        return {
          TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${input.TrainingJobName}`,
        };
      })
      .on('StopTrainingJob', () => ({}))
      .on('DescribeLogStreams', () => ({ logStreams: [] }));
    const { main, post } = await runAction('run-training', {
      env: aws.env(),
      runId: '777',
      cancelWhen: /InProgress – Training/,
      inputs: {
        image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/train:1',
        'role-arn': 'arn:aws:iam::123456789012:role/sagemaker-execution',
        'instance-type': 'ml.m5.large',
        channels: 'train: s3://ml-bucket/train/',
        'output-path': 's3://ml-bucket/models/',
        'poll-interval': '1s',
      },
    });
    expect(main.exitCode).not.toBe(0);
    const name = aws.callsTo('CreateTrainingJob')[0]!.input.TrainingJobName as string;
    expect(name).toMatch(/^ml-repo-777-1-[0-9a-f]{6}$/);
    expect(main.state['training-job']).toBe(name);
    expect(post!.exitCode).toBe(0);
    expect(aws.callsTo('StopTrainingJob').map((c) => c.input)).toEqual([{ TrainingJobName: name }]);
    expect(post!.warnings.join('\n')).toMatch(/cancelled .* sent StopTrainingJob/);
  });
});
