// Issue 21.6: an action reports an input error in at most 2× a bare `node -e 0` (`pnpm bench -- --case bundles`).
// That holds only while an entry's static imports stay light: the AWS SDK, Octokit, tar and the Parquet reader are
// imported when a run needs them (dynamic imports, lazily loaded chunks), never by dist/index.js itself.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the build scripts are plain JavaScript without declarations (as in test/harness/build-probe.ts).
import { bundleWithWorker } from '../scripts/node-bundle.mjs';
import { repoRoot, runStep } from './harness/runner.js';

// Every action: bundles.test.ts pins the list.
const actions = readdirSync(join(repoRoot, 'actions')).filter((a) =>
  existsSync(join(repoRoot, 'actions', a, 'action.yml')),
);

/** Modules that cost start-up time (hundreds of kB, or the network stack) and that no input check needs. */
const HEAVY: [string, RegExp][] = [
  ['the AWS SDK', /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//],
  ['Octokit', /node_modules\/(@octokit|@actions\/github|undici)\//],
  ['tar', /node_modules\/(tar|minizlib|minipass)\//],
  ['the Parquet reader', /node_modules\/hyparquet/],
];

/** The source modules in an output file's static import closure (dynamic imports not followed). */
function staticModules(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imported of metafile.outputs[file]!.imports)
      if (imported.kind === 'import-statement' && !imported.external) stack.push(imported.path);
  }
  return [...seen].flatMap((file) => Object.keys(metafile.outputs[file]!.inputs));
}

const metafiles = new Map<string, { metafile: Metafile; index: string }>();

beforeAll(async () => {
  // Built as scripts/build.mjs builds dist/ (same entries, same options), into a temporary directory.
  for (const action of actions) {
    const src = join(repoRoot, 'actions', action, 'src');
    const outdir = mkdtempSync(join(tmpdir(), `mlops-start-${action}-`));
    const entries: Record<string, string> = { index: join(src, 'index.ts') };
    if (existsSync(join(src, 'post.ts'))) entries.post = join(src, 'post.ts');
    const metafile: Metafile = await bundleWithWorker(entries, outdir);
    const index = Object.keys(metafile.outputs).find((file) => file.endsWith('/index.js'))!;
    metafiles.set(action, { metafile, index });
  }
}, 120_000);

describe.each(actions)('%s start-up', (action) => {
  it('keeps the AWS SDK, Octokit, tar and the Parquet reader out of dist/index.js and its static imports', () => {
    const { metafile, index } = metafiles.get(action)!;
    const modules = staticModules(metafile, index);
    expect(modules.some((m) => m.includes(`actions/${action}/src/index.ts`))).toBe(true);
    for (const [what, pattern] of HEAVY) {
      const reached = modules.filter((m) => pattern.test(m));
      expect(reached, `${what} is reached statically from ${action}'s entry`).toEqual([]);
    }
  });

  it('reports an input error before loading the network stack (http, https, http2, tls)', async () => {
    // Preloaded into the step: lists the Node built-ins loaded by the time the process exits.
    const hook = join(mkdtempSync(join(tmpdir(), 'mlops-start-hook-')), 'loaded.mjs');
    writeFileSync(
      hook,
      "process.on('exit', () => process.stderr.write(`\\nLOADED ${process.moduleLoadList.filter((m) => /^NativeModule (https?|http2|tls)$/.test(m)).join(',')}\\n`));\n",
    );
    const res = await runStep(action, { env: { AWS_REGION: undefined }, nodeArgs: ['--import', hook] });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).not.toMatch(/Unexpected error/);
    expect(res.stderr).toMatch(/^LOADED (.*)$/m);
    expect(res.stderr.match(/^LOADED (.*)$/m)![1]).toBe('');
  });
});
