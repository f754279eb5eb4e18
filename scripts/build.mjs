#!/usr/bin/env node
// Bundle every action's entry points into actions/<name>/dist with @vercel/ncc (typecheck runs separately: `pnpm typecheck`).
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ncc from '@vercel/ncc';
import * as esbuild from 'esbuild';
import { thirdPartyLicenses } from './licenses.mjs';

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
  const entries = [['index', 'src/index.ts']];
  if (existsSync(join(dir, 'src/post.ts'))) entries.push(['post', 'src/post.ts']);
  for (const [name, source] of entries) {
    const cwd = process.cwd();
    process.chdir(dir); // ncc picks up the action's tsconfig.json from here
    try {
      const { code, assets } = await ncc(join(dir, source), {
        minify: true,
        target: 'es2022',
        transpileOnly: true,
        quiet: true,
      });
      writeFileSync(join(dist, `${name}.js`), code);
      for (const [file, asset] of Object.entries(assets)) {
        const target = join(dist, file);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, asset.source);
      }
    } finally {
      process.chdir(cwd);
    }
  }
  await bundleWorker(dist);
  writeFileSync(join(dist, 'licenses.txt'), thirdPartyLicenses(root, join(root, 'actions', action)));
  console.log(
    `bundled actions/${action}/dist (${[...entries.map(([n]) => n), 'worker'].map((n) => `${n}.js`).join(', ')})`,
  );
}

/**
 * The worker-thread entry of packages/parallel as dist/worker.js: a second file beside index.js rather than the
 * bundle re-entering itself, so a worker loads only its tasks, not the action and Octokit. esbuild, not ncc: nothing
 * in it needs ncc's asset handling, and it builds in a second. Split at dynamic imports (worker-*.js chunks beside
 * it): the data reader a task uses loads the Parquet decoder and the AWS SDK only on use, so a worker that runs the
 * bootstrap or reads a CSV starts without parsing them.
 */
async function bundleWorker(dist) {
  await esbuild.build({
    entryPoints: { worker: join(root, 'packages/parallel/src/worker.ts') },
    outdir: dist,
    splitting: true,
    chunkNames: 'worker-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

for (const action of actions) await bundle(action);
