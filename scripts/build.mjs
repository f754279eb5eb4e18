#!/usr/bin/env node
// Bundle every action's entry points into actions/<name>/dist with esbuild, split into lazily loaded chunks
// (scripts/node-bundle.mjs; typecheck runs separately: `pnpm typecheck`).
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { thirdPartyLicenses } from './licenses.mjs';
import { bundleAction, nodeBundleOptions } from './node-bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const actions = readdirSync(join(root, 'actions')).filter(
  (name) =>
    existsSync(join(root, 'actions', name, 'action.yml')) && (only.length === 0 || only.includes(name)),
);

async function bundle(action) {
  const dir = join(root, 'actions', action);
  const dist = join(dir, 'dist');
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const entries = { index: join(dir, 'src/index.ts') };
  if (existsSync(join(dir, 'src/post.ts'))) entries.post = join(dir, 'src/post.ts');
  await bundleAction(entries, dist);
  // Node reads dist/*.js as ES modules whatever the package.json above them says.
  writeFileSync(join(dist, 'package.json'), '{\n  "type": "module"\n}\n');
  await bundleWorker(dist);
  writeFileSync(join(dist, 'licenses.txt'), thirdPartyLicenses(root, join(root, 'actions', action)));
  const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
  const bytes = files.reduce((n, f) => n + statSync(join(dist, f)).size, 0);
  console.log(`bundled actions/${action}/dist: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB of JS`);
}

/**
 * The worker-thread entry of packages/parallel as dist/worker.js: a second file beside index.js rather than the
 * bundle re-entering itself, so a worker loads only the pure tasks (core, no dependency), not the action, Octokit
 * and the AWS SDK. A build of its own, not a second entry of the action's: it would then share chunks with index.js.
 */
async function bundleWorker(dist) {
  await esbuild.build({
    ...nodeBundleOptions,
    banner: {}, // pure tasks: no CommonJS dependency calls require()
    entryPoints: [join(root, 'packages/parallel/src/worker.ts')],
    outfile: join(dist, 'worker.js'),
  });
}

for (const action of actions) await bundle(action);
