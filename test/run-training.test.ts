import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { list } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsFault, FakeAwsJson } from './harness/aws-json.js';
import { repoRoot, runAction, runStep } from './harness/runner.js';

const trainScript = join(repoRoot, 'examples/ml/train.py');

async function archiveEntries(file: string): Promise<string[]> {
  const entries: string[] = [];
  await list({ file, onReadEntry: (e) => void entries.push(e.path) });
  return entries;
}

describe('run-training (bundled action), local backend', () => {
  it('runs the example training script with the SageMaker contract and produces the archive, outputs and predictions', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'train-local-'));
    execFileSync(process.execPath, [
      join(repoRoot, 'examples/training/generate-data.mjs'),
      join(workspace, 'data'),
    ]);
    const res = await runStep('run-training', {
      event: 'pull_request',
      workspace,
      inputs: {
        backend: 'local',
        'entry-point': `python3 ${trainScript}`,
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
    const workspace = mkdtempSync(join(tmpdir(), 'train-local-fail-'));
    execFileSync(process.execPath, [
      join(repoRoot, 'examples/training/generate-data.mjs'),
      join(workspace, 'data'),
    ]);
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
    const workspace = mkdtempSync(join(tmpdir(), 'train-local-temp-'));
    execFileSync(process.execPath, [
      join(repoRoot, 'examples/training/generate-data.mjs'),
      join(workspace, 'data'),
    ]);
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
