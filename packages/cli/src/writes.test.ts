import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

// Each test runs the CLI in a fresh current directory with a fresh TMPDIR and compares both listings before and after:
// a command may add the files named on its command line and nothing else.
const repoRoot = resolve(import.meta.dirname, '../../..');
const saved = { cwd: process.cwd(), tmpdir: process.env.TMPDIR };
let work = '';
let temp = '';

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cli-writes-'));
  temp = mkdtempSync(join(tmpdir(), 'cli-writes-tmp-'));
  process.chdir(work);
  process.env.TMPDIR = temp; // os.tmpdir() reads it on every call
});
afterEach(() => {
  process.chdir(saved.cwd);
  if (saved.tmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = saved.tmpdir;
});

const listing = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

async function mlops(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: { ...process.env, GITHUB_TOKEN: '', AWS_REGION: 'eu-west-1' },
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** The listing after a run: the listing before plus exactly these paths (and their parent folders). */
function plus(before: string[], ...paths: string[]): string[] {
  const added = new Set(before);
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i <= parts.length; i++) added.add(parts.slice(0, i).join('/'));
  }
  return [...added].sort();
}

/** evaluate-challenger on the example data, copied into the current directory first. */
function evaluate(...flags: string[]) {
  return mlops(
    'evaluate-challenger',
    '--champion',
    'data/champion.csv',
    '--challenger',
    'data/challenger.csv',
    ...flags,
  );
}

describe('the CLI writes only the files it is asked to write', () => {
  beforeEach(() => {
    cpSync(join(repoRoot, 'examples/data/evaluate'), 'data', { recursive: true });
  });

  it('evaluate-challenger writes --output-json and --summary, no evaluation-result.json', async () => {
    const before = listing(work);
    const run = await evaluate('--output-json', 'out/result.json', '--summary', 'report.md');
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.code).toBe(0);
    expect(listing(work)).toEqual(plus(before, 'out/result.json', 'report.md'));
    expect(JSON.parse(readFileSync('out/result.json', 'utf8')).schema_version).toBeDefined();
    expect(run.stdout).toContain('result-json=\n');
    expect(listing(temp)).toEqual([]);
  });

  it('removes the temporary file a run killed while writing left behind, keeping a fresh one (a writer still running)', async () => {
    mkdirSync('out');
    const orphan = 'out/.result.json.0123456789ab.tmp';
    const fresh = 'out/.result.json.ba9876543210.tmp';
    writeFileSync(orphan, '{"half": ');
    writeFileSync(fresh, '{"other');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(orphan, hourAgo, hourAgo);
    const run = await evaluate('--output-json', 'out/result.json');
    expect(run.code).toBe(0);
    expect(readdirSync('out').sort()).toEqual(['.result.json.ba9876543210.tmp', 'result.json']);
  });

  it('evaluate-challenger still writes the result file when --result-path asks for it', async () => {
    const before = listing(work);
    const run = await evaluate('--result-path', 'kept.json');
    expect(run.code).toBe(0);
    expect(listing(work)).toEqual(plus(before, 'kept.json'));
    expect(run.stdout).toContain(`result-json=${join(work, 'kept.json')}\n`);
  });

  it('drift-report writes --output-json only: no drift-result.json, no drift-report/ folder', async () => {
    execFileSync(process.execPath, [join(repoRoot, 'examples/data/drift/generate.mjs'), 'data', '--drift']);
    const before = listing(work);
    const run = await mlops(
      'drift-report',
      '--predictions',
      'data/predictions.csv',
      '--outcomes',
      'data/outcomes.csv',
      '--reference',
      'data/reference.csv',
      '--min-metric',
      '0.5',
      '--output-json',
      'drift.json',
    );
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.code).toBe(0);
    expect(listing(work)).toEqual(plus(before, 'drift.json'));
    expect(run.stdout).toContain('report-path=\n');
    expect(listing(temp)).toEqual([]);
  });

  describe('run-training, local backend', () => {
    const train = (hyperparameters: string, ...extra: string[]) =>
      trainTo('models', hyperparameters, ...extra);
    const trainTo = (outputPath: string, hyperparameters: string, ...extra: string[]) =>
      mlops(
        'run-training',
        '--backend',
        'local',
        '--entry-point',
        `python3 ${join(repoRoot, 'examples/ml/train.py')}`,
        '--job-name',
        'writes-test',
        '--channels',
        '{train: data/champion-train, eval: data/eval}',
        '--hyperparameters',
        hyperparameters,
        '--output-path',
        outputPath,
        ...extra,
      );
    beforeEach(() => {
      execFileSync(process.execPath, [join(repoRoot, 'examples/training/generate-data.mjs'), 'data']);
    });

    it('leaves the model archive under --output-path and removes its $TMPDIR/<job>-* directory', async () => {
      const before = listing(work);
      const run = await train('{epochs: 1}');
      expect(run.stderr).not.toMatch(/error:/);
      expect(run.code).toBe(0);
      expect(listing(work)).toEqual(
        plus(before, 'models/writes-test/output/model.tar.gz', 'models/writes-test/output/output.tar.gz'),
      );
      expect(listing(temp)).toEqual([]);
    });

    it('with an s3:// output path uploads the archives from the temp dir, leaving nothing behind', async () => {
      const s3 = mockClient(S3Client);
      s3.on(PutObjectCommand).resolves({});
      try {
        const before = listing(work);
        const run = await trainTo('s3://bucket/models', '{epochs: 1}');
        expect(run.stderr).not.toMatch(/error:/);
        expect(run.code).toBe(0);
        expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
          'models/writes-test/output/model.tar.gz',
          'models/writes-test/output/output.tar.gz',
        ]);
        expect(run.stdout).toContain('model-artifact=s3://bucket/models/writes-test/output/model.tar.gz\n');
        expect(listing(work)).toEqual(before);
        expect(listing(temp)).toEqual([]);
      } finally {
        s3.restore();
      }
    });

    it('keeps the directory with --keep-temp and says where it is', async () => {
      const run = await train('{epochs: 1}', '--keep-temp');
      expect(run.code).toBe(0);
      const kept = readdirSync(temp);
      expect(kept).toEqual([expect.stringMatching(/^writes-test-/)]);
      expect(run.stderr).toContain(`Kept the training directory ${join(temp, kept[0]!)}`);
      expect(existsSync(join(temp, kept[0]!, 'input/config/hyperparameters.json'))).toBe(true);
    });

    it('on failure prints the path of the removed directory and leaves nothing behind', async () => {
      const before = listing(work);
      const run = await train('{label: purchased}'); // train.py fails: no such column
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/exited with code 1: ValueError: column "purchased"/);
      expect(run.stderr).toMatch(
        new RegExp(
          `did not complete; its directory ${temp}/writes-test-\\w+ was removed \\(set keep-temp: true`,
        ),
      );
      expect(listing(work)).toEqual(before);
      expect(listing(temp)).toEqual([]);
    });
  });
});
