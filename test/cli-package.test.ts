import { execFile, execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './harness/runner.js';

// The npm package of the CLI as a user gets it: packed with `npm pack`, installed from the tarball into an empty
// directory (offline: the bundle has no runtime dependencies), run with plain `node` from that directory.
// npm, started from a pnpm script, would warn about pnpm's own npm_config_* settings.
const npmEnv = (cache: string | undefined) => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k))),
  ...(cache ? { npm_config_cache: cache } : {}),
});

describe('the mlops-actions npm package', () => {
  const work = mkdtempSync(join(tmpdir(), 'cli-package-'));
  const project = join(work, 'project');
  let tarball = '';
  let packed: string[] = [];
  const mlops = (...args: string[]) =>
    execFileSync(process.execPath, [join(project, 'node_modules/.bin/mlops'), ...args], {
      cwd: project,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: work, TMPDIR: work },
    });

  // Asynchronous: packing can take a minute (esbuild, the license list), longer than vitest lets a worker block.
  beforeAll(async () => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['scripts/cli-package.mjs', 'pack', '--out', work], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 16 << 20,
      env: npmEnv(process.env.npm_config_cache),
    });
    const lines = stdout.trim().split('\n');
    tarball = lines.pop()!;
    packed = lines;
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{ "private": true }\n');
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], {
      cwd: project,
      encoding: 'utf8',
      env: npmEnv(join(work, 'npm-cache')),
    });
  }, 300_000);

  it('holds the bundle, the notices and the demo scripts, and declares no dependencies', () => {
    // The bundle: mlops.js, worker.js (the worker threads' entry) and the chunks mlops.js loads on demand.
    const chunks = packed.filter((f) => /^dist\/chunk-[A-Z0-9]+\.js$/.test(f));
    expect(chunks.length).toBeGreaterThan(0);
    expect(packed.filter((f) => !chunks.includes(f))).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'NOTICE',
      'README.md',
      'THIRD-PARTY-LICENSES.txt',
      'dist/mlops.js',
      'dist/worker.js',
      'examples/ml/train.py',
      'examples/training/generate-data.mjs',
      'package.json',
    ]);
    const manifest = JSON.parse(
      readFileSync(join(project, 'node_modules/mlops-actions/package.json'), 'utf8'),
    );
    expect(manifest).toMatchObject({
      name: 'mlops-actions',
      license: 'Apache-2.0',
      bin: { mlops: './dist/mlops.js' },
      engines: { node: '>=20' },
    });
    for (const field of ['dependencies', 'devDependencies', 'exports'])
      expect(manifest[field]).toBeUndefined();
    // Only the package itself was installed.
    expect(
      readdirSync(join(project, 'node_modules')).filter((d) => d !== '.bin' && !d.startsWith('.')),
    ).toEqual(['mlops-actions']);
    const licenses = readFileSync(
      join(project, 'node_modules/mlops-actions/THIRD-PARTY-LICENSES.txt'),
      'utf8',
    );
    expect(licenses).toMatch(/^@aws-sdk\/client-s3@[\d.]+\nApache-2.0\n/m);
    expect(licenses).toMatch(/^@actions\/github@[\d.]+\nMIT\n/m);
  });

  it('prints its help and the version of packages/cli/package.json', () => {
    expect(mlops('--help')).toMatch(/^Usage: mlops <command>[\s\S]*evaluate-challenger[\s\S]*drift-report/);
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8'));
    expect(mlops('--version')).toBe(`${version}\n`);
  });

  it('evaluates a challenger on sample data in the current directory and writes only the asked-for file', () => {
    for (const f of ['champion.csv', 'challenger.csv'])
      cpSync(join(repoRoot, 'examples/data/evaluate', f), join(project, f));
    const before = readdirSync(project).sort();
    const stdout = mlops(
      'evaluate-challenger',
      '--champion',
      'champion.csv',
      '--challenger',
      'challenger.csv',
      '--slice-columns',
      'device',
      '--output-json',
      'result.json',
    );
    expect(stdout).toMatch(/^decision=(promote|keep)$/m);
    const result = JSON.parse(readFileSync(join(project, 'result.json'), 'utf8'));
    expect(result.schema_version).toBeDefined();
    expect(result.decision).toBe(/^decision=(\w+)$/m.exec(stdout)![1]);
    expect(result.slices.map((s: { column: string }) => s.column)).toContain('device');
    expect(readdirSync(project).sort()).toEqual([...before, 'result.json'].sort());
  });

  it('spreads the bootstrap over worker threads started from the installed dist/worker.js', () => {
    for (const f of ['champion.csv', 'challenger.csv'])
      cpSync(join(repoRoot, 'examples/data/evaluate', f), join(project, f));
    const evaluate = (threads: number) => {
      // NODE_DEBUG=worker makes Node log each worker it creates, with its entry file, on stderr.
      const run = spawnSync(
        process.execPath,
        [
          join(project, 'node_modules/.bin/mlops'),
          'evaluate-challenger',
          '--champion',
          'champion.csv',
        ].concat([
          '--challenger',
          'challenger.csv',
          '--bootstrap',
          '200',
          '--output-json',
          `t${threads}.json`,
        ]),
        {
          cwd: project,
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH,
            HOME: work,
            TMPDIR: work,
            MLOPS_WORKER_THREADS: String(threads),
            NODE_DEBUG: 'worker',
          },
        },
      );
      expect(run.status).toBe(0);
      return {
        stderr: run.stderr,
        result: JSON.parse(readFileSync(join(project, `t${threads}.json`), 'utf8')),
      };
    };
    const entry = join(project, 'node_modules/mlops-actions/dist/worker.js');
    const two = evaluate(2);
    expect(two.stderr).toContain(`create new worker ${entry}`);
    const one = evaluate(1);
    expect(one.stderr).not.toContain('create new worker /');
    expect(two.result.bootstrap).toEqual(one.result.bootstrap);
    expect(two.result.bootstrap).toMatchObject({ resamples: 200 });
  });

  it('runs the demo from the installed package (its scripts ship next to the bundle)', () => {
    const stdout = mlops('demo', '--out', 'demo');
    expect(stdout).toMatch(/Decision: promote the challenger/);
    expect(existsSync(join(project, 'demo/drift-report.html'))).toBe(true);
  });
});
