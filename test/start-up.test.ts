// Issue 21.6: an action starts in at most 2× a bare `node -e 0` (`pnpm bench -- --case bundles`). That holds only
// while what a run loads stays light: the AWS SDK, Octokit, tar, the Parquet reader, the YAML and glob libraries and
// the zlib and worker_threads built-ins are imported when an input needs them (dynamic imports, lazily loaded
// chunks). Checked twice: from esbuild's metafile (what dist/index.js imports statically), and by running the bundle
// with a module hook that records every chunk file and built-in the process loaded, mapped back to source modules.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the build scripts are plain JavaScript without declarations (as in test/harness/build-probe.ts).
import { bundleWithWorker } from '../scripts/node-bundle.mjs';
import { type RunOptions, repoRoot, runStep, type StepResult } from './harness/runner.js';

// Every action: bundles.test.ts pins the list.
const actions = readdirSync(join(repoRoot, 'actions')).filter((a) =>
  existsSync(join(repoRoot, 'actions', a, 'action.yml')),
);

/** Modules that cost start-up time (tens to hundreds of kB, or the network stack) and that no input check needs. */
const HEAVY: [string, RegExp][] = [
  ['the AWS SDK', /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//],
  ['Octokit', /node_modules\/(@octokit|@actions\/github|undici)\//],
  ['tar', /node_modules\/(tar|minizlib|minipass)\//],
  ['the Parquet reader', /node_modules\/(hyparquet|hyparquet-compressors|fzstd|hysnappy)\//],
  ['the YAML library', /node_modules\/yaml\//],
  ['the glob library', /node_modules\/(tinyglobby|picomatch|fdir)\//],
];

/** Built-ins a run on plain local files does not need: gzip, worker threads (small files) and the network stack. */
const HEAVY_BUILTINS = ['zlib', 'worker_threads', 'http', 'https', 'http2', 'tls'];

/** The source modules in an output file's static import closure (dynamic imports not followed), and its built-ins. */
function staticModules(metafile: Metafile, entry: string): { modules: string[]; builtins: string[] } {
  const seen = new Set<string>();
  const builtins = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imported of metafile.outputs[file]!.imports) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) builtins.add(imported.path.replace(/^node:/, ''));
      else stack.push(imported.path);
    }
  }
  return {
    modules: [...seen].flatMap((file) => Object.keys(metafile.outputs[file]!.inputs)),
    builtins: [...builtins],
  };
}

/** `what (module)` for each heavy module or built-in in the lists. */
function heavyAmong(modules: string[], builtins: string[]): string[] {
  const found = HEAVY.flatMap(([what, pattern]) =>
    modules.filter((m) => pattern.test(m)).map((m) => `${what} (${m})`),
  );
  return [...found, ...builtins.filter((b) => HEAVY_BUILTINS.includes(b)).map((b) => `node:${b}`)];
}

interface Built {
  metafile: Metafile;
  /** The entry's key in the metafile. */
  index: string;
  /** An action directory (action.yml, dist/) that runStep runs like the one in actions/. */
  dir: string;
}
const built = new Map<string, Built>();

// Preloaded into a step (`--import`): records every module URL the process resolves and, at exit, the built-ins it
// loaded, into the file MLOPS_LOADED_LOG names. In-thread hooks (module.registerHooks, Node 24 runs the tests).
const hookSource = `import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
const urls = new Set();
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); urls.add(r.url); return r; } });
process.on('exit', () => writeFileSync(process.env.MLOPS_LOADED_LOG, JSON.stringify({ urls: [...urls],
  builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)) })));
`;
let hook = '';

beforeAll(async () => {
  hook = join(mkdtempSync(join(tmpdir(), 'mlops-start-hook-')), 'loaded.mjs');
  writeFileSync(hook, hookSource);
  // Built as scripts/build.mjs builds dist/ (same entries, same options), into a temporary action directory.
  for (const action of actions) {
    const src = join(repoRoot, 'actions', action, 'src');
    const dir = join(mkdtempSync(join(tmpdir(), `mlops-start-${action}-`)), action);
    mkdirSync(join(dir, 'dist'), { recursive: true });
    copyFileSync(join(repoRoot, 'actions', action, 'action.yml'), join(dir, 'action.yml'));
    const entries: Record<string, string> = { index: join(src, 'index.ts') };
    if (existsSync(join(src, 'post.ts'))) entries.post = join(src, 'post.ts');
    const metafile: Metafile = await bundleWithWorker(entries, join(dir, 'dist'));
    writeFileSync(join(dir, 'dist/package.json'), '{\n  "type": "module"\n}\n');
    const index = Object.keys(metafile.outputs).find((file) => file.endsWith('/index.js'))!;
    built.set(action, { metafile, index, dir });
  }
}, 120_000);

/** Run the freshly built bundle as the runner would; the source modules of the chunks it loaded, and its built-ins. */
async function runRecorded(
  action: string,
  options: RunOptions,
): Promise<{ res: StepResult; modules: string[]; builtins: string[] }> {
  const { metafile, dir } = built.get(action)!;
  const log = join(mkdtempSync(join(tmpdir(), 'mlops-start-log-')), 'loaded.json');
  const res = await runStep(dir, {
    ...options,
    nodeArgs: ['--import', hook],
    env: { ...options.env, MLOPS_LOADED_LOG: log },
  });
  const { urls, builtins } = JSON.parse(readFileSync(log, 'utf8')) as { urls: string[]; builtins: string[] };
  const byFile = new Map(Object.entries(metafile.outputs).map(([file, output]) => [resolve(file), output]));
  const files = urls.filter((url) => url.startsWith('file:')).map((url) => fileURLToPath(url));
  expect(files, 'the hook saw the entry').toContain(join(dir, 'dist/index.js'));
  const modules = files.flatMap((file) => Object.keys(byFile.get(file)?.inputs ?? {}));
  return { res, modules, builtins: builtins.filter((b) => !b.startsWith('internal/')) };
}

describe.each(actions)('%s start-up', (action) => {
  it('keeps the AWS SDK, Octokit, tar, Parquet, YAML and glob libraries, zlib and worker threads out of dist/index.js and its static imports', () => {
    const { metafile, index } = built.get(action)!;
    const { modules, builtins } = staticModules(metafile, index);
    expect(modules.some((m) => m.includes(`actions/${action}/src/index.ts`))).toBe(true);
    expect(heavyAmong(modules, builtins), `reached statically from ${action}'s entry`).toEqual([]);
  });

  it('reports an input error before loading the network stack (http, https, http2, tls)', async () => {
    // Preloaded into the step: lists the Node built-ins loaded by the time the process exits.
    const netHook = join(mkdtempSync(join(tmpdir(), 'mlops-start-hook-')), 'loaded.mjs');
    writeFileSync(
      netHook,
      "process.on('exit', () => process.stderr.write(`\\nLOADED ${process.moduleLoadList.filter((m) => /^NativeModule (https?|http2|tls)$/.test(m)).join(',')}\\n`));\n",
    );
    const res = await runStep(action, { env: { AWS_REGION: undefined }, nodeArgs: ['--import', netHook] });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).not.toMatch(/Unexpected error/);
    expect(res.stderr).toMatch(/^LOADED (.*)$/m);
    expect(res.stderr.match(/^LOADED (.*)$/m)![1]).toBe('');
  });

  it('reports an input error without loading any chunk that holds a heavy module, nor zlib or worker threads', async () => {
    const { res, modules, builtins } = await runRecorded(action, { env: { AWS_REGION: undefined } });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).not.toMatch(/Unexpected error/);
    expect(heavyAmong(modules, builtins)).toEqual([]);
  });
});

/** A workspace holding the example evaluation files (3,000 rows a model). */
function evaluationWorkspace(): string {
  const workspace = mkdtempSync(join(tmpdir(), 'start-evaluate-'));
  for (const f of ['champion.csv', 'challenger.csv'])
    copyFileSync(join(repoRoot, 'examples/data/evaluate', f), join(workspace, f));
  return workspace;
}

describe('an action run on local files loads only what its inputs need', () => {
  // bootstrap: 0, as its resamples run on worker threads; a 3,000-row file is read on this thread.
  const evaluate = { champion: 'champion.csv', challenger: 'challenger.csv', bootstrap: 0 };

  it('evaluate-challenger on CSV files: no AWS SDK, Octokit, Parquet, YAML or glob library, zlib or worker threads', async () => {
    const { res, modules, builtins } = await runRecorded('evaluate-challenger', {
      workspace: evaluationWorkspace(),
      inputs: evaluate,
    });
    expect(res.errors).toEqual([]);
    expect(res.outputs.decision).toMatch(/^(promote|keep)$/);
    expect(modules.some((m) => m.endsWith('packages/data/src/csv-scan.ts'))).toBe(true);
    expect(heavyAmong(modules, builtins)).toEqual([]);
  });

  it('evaluate-challenger on a gzip file loads zlib, and then only zlib', async () => {
    const workspace = evaluationWorkspace();
    writeFileSync(
      join(workspace, 'champion.csv.gz'),
      gzipSync(readFileSync(join(workspace, 'champion.csv'))),
    );
    const plain = await runRecorded('evaluate-challenger', { workspace, inputs: evaluate });
    const gzip = await runRecorded('evaluate-challenger', {
      workspace,
      inputs: { ...evaluate, champion: 'champion.csv.gz' },
    });
    expect(gzip.res.errors).toEqual([]);
    expect(gzip.res.outputs['champion-score']).toBe(plain.res.outputs['champion-score']);
    expect(heavyAmong(gzip.modules, gzip.builtins)).toEqual(['node:zlib']);
  });

  it('evaluate-challenger on a pattern (champ*.csv) loads the glob library, and then only it', async () => {
    const workspace = evaluationWorkspace();
    const plain = await runRecorded('evaluate-challenger', { workspace, inputs: evaluate });
    const glob = await runRecorded('evaluate-challenger', {
      workspace,
      inputs: { ...evaluate, champion: 'champ*.csv' },
    });
    expect(glob.res.errors).toEqual([]);
    expect(glob.res.outputs['champion-score']).toBe(plain.res.outputs['champion-score']);
    expect(new Set(heavyAmong(glob.modules, glob.builtins).map((h) => h.split(' (')[0]))).toEqual(
      new Set(['the glob library']),
    );
  });

  const drift = {
    predictions: 'predictions.csv',
    outcomes: 'outcomes.csv',
    reference: 'reference.csv',
    'min-metric': 0.5,
  };
  const driftWorkspace = () => {
    const workspace = mkdtempSync(join(tmpdir(), 'start-drift-'));
    execFileSync(process.execPath, [join(repoRoot, 'examples/data/drift/generate.mjs'), workspace]);
    return workspace;
  };

  it('drift-report on CSV files: none of them either', async () => {
    const { res, modules, builtins } = await runRecorded('drift-report', {
      event: 'schedule',
      workspace: driftWorkspace(),
      inputs: drift,
    });
    expect(res.errors).toEqual([]);
    expect(res.outputs.retrain).toMatch(/^(true|false)$/);
    expect(heavyAmong(modules, builtins)).toEqual([]);
  });

  it('drift-report with a YAML input (tests: …) loads the YAML library, and only it', async () => {
    const workspace = driftWorkspace();
    const { res, modules, builtins } = await runRecorded('drift-report', {
      event: 'schedule',
      workspace,
      inputs: { ...drift, tests: 'basket_value: psi\nchannel: jensenshannon' },
    });
    expect(res.errors).toEqual([]);
    const result = JSON.parse(readFileSync(resolve(workspace, res.outputs['result-json']!), 'utf8'));
    expect(JSON.stringify(result)).toContain('jensenshannon');
    expect(new Set(heavyAmong(modules, builtins).map((h) => h.split(' (')[0]))).toEqual(
      new Set(['the YAML library']),
    );
  });
});
