#!/usr/bin/env node
// Rebuilds every action bundle and fails when the committed dist/ differs, including new untracked files.
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
const status = execFileSync(
  'git',
  ['status', '--porcelain', '--untracked-files=all', '--', ':(glob)actions/*/dist/**'],
  {
    encoding: 'utf8',
  },
);
if (status.trim()) {
  console.error('Committed dist/ does not match a fresh build. Run `pnpm build` and commit actions/*/dist:');
  console.error(status);
  try {
    console.error(
      execFileSync('git', ['diff', '--stat', '--', ':(glob)actions/*/dist/**'], { encoding: 'utf8' }),
    );
  } catch {}
  process.exit(1);
}
console.log('dist/ matches a fresh build');
