// Third-party licenses of what a bundle contains: used for actions/*/dist/licenses.txt (scripts/build.mjs) and the
// npm package of the CLI (scripts/cli-package.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Third-party licenses of everything the action's package depends on in production (a superset of what the bundle
 * contains, since tree shaking drops code, never adds it): name, version, license and the package's license text.
 * ncc's own license output covers only one chunk when the bundle is split, so it is not used. `fields`: which
 * dependency lists of the package itself are followed (the CLI bundles its workspace devDependencies).
 */
export function thirdPartyLicenses(root, packageDir, fields = ['dependencies']) {
  // pnpm does not follow workspace links: ask for every workspace package the action reaches, transitively.
  const manifest = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const workspace = new Map(
    readdirSync(join(root, 'packages')).map((d) => [
      manifest(join(root, 'packages', d)).name,
      join(root, 'packages', d),
    ]),
  );
  const deps = new Set();
  const visit = (dir, keys = ['dependencies']) => {
    const declared = Object.assign({}, ...keys.map((k) => manifest(dir)[k] ?? {}));
    for (const [name, spec] of Object.entries(declared))
      if (String(spec).startsWith('workspace:') && !deps.has(name)) {
        deps.add(name);
        visit(workspace.get(name));
      }
  };
  visit(packageDir, fields);
  const pnpm = pnpmCommand(root);
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

/** pnpm as the current script was started with it, else from PATH, else the pinned version through npx. */
function pnpmCommand(root) {
  if (process.env.npm_execpath && /pnpm/.test(process.env.npm_execpath))
    return [process.execPath, [process.env.npm_execpath]];
  try {
    execFileSync('pnpm', ['--version'], { stdio: 'ignore' });
    return ['pnpm', []];
  } catch {
    // `npm test` on a machine without pnpm: scripts/bootstrap.mjs installed the workspace with npx as well.
    const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    return ['npx', ['--yes', packageManager]];
  }
}
