#!/usr/bin/env node
// Makes `npm test` / `npm run demo` work on a fresh machine that has only Node.js and npm: installs the workspace
// with pnpm (fetched from the npm registry when missing) the first time. Node 24 comes from the `node` devDependency.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = 'pnpm@10.34.9';
if (!existsSync(join(root, 'node_modules', '.modules.yaml'))) {
  const execPath = process.env.npm_execpath ?? '';
  const pnpm = /pnpm/.test(execPath) ? `"${process.execPath}" "${execPath}"` : `npx --yes ${PNPM}`;
  console.log(
    `Installing dependencies (${pnpm.includes('npx') ? PNPM : 'pnpm'} install --frozen-lockfile)...`,
  );
  execSync(`${pnpm} install --frozen-lockfile`, { cwd: root, stdio: 'inherit' });
}
