#!/usr/bin/env node
// Bundle every action's entry points into actions/<name>/dist with @vercel/ncc (typecheck runs separately: `pnpm typecheck`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ncc from '@vercel/ncc';

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
  writeFileSync(join(dist, 'licenses.txt'), licenses(action));
  console.log(`bundled actions/${action}/dist (${entries.map(([n]) => `${n}.js`).join(', ')})`);
}

/**
 * Third-party licenses of everything the action's package depends on in production (a superset of what the bundle
 * contains, since tree shaking drops code, never adds it): name, version, license and the package's license text.
 * ncc's own license output covers only one chunk when the bundle is split, so it is not used.
 */
function licenses(action) {
  // pnpm does not follow workspace links: ask for every workspace package the action reaches, transitively.
  const manifest = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const workspace = new Map(
    readdirSync(join(root, 'packages')).map((d) => [
      manifest(join(root, 'packages', d)).name,
      join(root, 'packages', d),
    ]),
  );
  const deps = new Set();
  const visit = (dir) => {
    for (const [name, spec] of Object.entries(manifest(dir).dependencies ?? {}))
      if (String(spec).startsWith('workspace:') && !deps.has(name)) {
        deps.add(name);
        visit(workspace.get(name));
      }
  };
  visit(join(root, 'actions', action));
  const pnpm =
    process.env.npm_execpath && /pnpm/.test(process.env.npm_execpath)
      ? [process.execPath, [process.env.npm_execpath]]
      : ['pnpm', []];
  const json = execFileSync(
    pnpm[0],
    [...pnpm[1], 'licenses', 'list', '--prod', '--json', ...[...deps].sort().flatMap((d) => ['--filter', d])],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const entries = [];
  const seen = new Set();
  for (const list of Object.values(JSON.parse(json)))
    for (const p of list) {
      if (p.name.startsWith('@mlops-actions/')) continue;
      for (const [i, version] of p.versions.entries()) {
        const dir = p.paths[i] ?? p.paths[0];
        const file = existsSync(dir)
          ? readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f))
          : undefined;
        const text = file
          ? readFileSync(join(dir, file), 'utf8').replace(/\r\n?/g, '\n').trim()
          : `${p.license} (no license file in the package)`;
        if (seen.has(`${p.name}@${version}`)) continue;
        seen.add(`${p.name}@${version}`);
        entries.push({ id: `${p.name}@${version}`, license: p.license, text });
      }
    }
  entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return `${entries.map((e) => `${e.id}\n${e.license}\n${e.text}\n`).join('\n')}`;
}

for (const action of actions) await bundle(action);
