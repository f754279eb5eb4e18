#!/usr/bin/env node
// Bundle every action's entry points into actions/<name>/dist with esbuild, split into lazily loaded chunks
// (scripts/node-bundle.mjs; typecheck runs separately: `pnpm typecheck`).
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { thirdPartyLicenses } from './licenses.mjs';
import { bundleWithWorker } from './node-bundle.mjs';

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
  await bundleWithWorker(entries, dist);
  // Node reads dist/*.js as ES modules whatever the package.json above them says.
  writeFileSync(join(dist, 'package.json'), '{\n  "type": "module"\n}\n');
  writeFileSync(join(dist, 'licenses.txt'), thirdPartyLicenses(root, join(root, 'actions', action)));
  const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
  const bytes = files.reduce((n, f) => n + statSync(join(dist, f)).size, 0);
  console.log(`bundled actions/${action}/dist: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB of JS`);
}

for (const action of actions) await bundle(action);
