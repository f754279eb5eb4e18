#!/usr/bin/env node
// No hand-written source file grows past LIMIT lines without saying why (issue 16), checked on every `pnpm lint`.
// Covered (TypeScript, JavaScript, Python): packages/*/src, actions/*/src, scripts/ and the helpers under test/
// (harness, fixture generators). Not covered:
// test files (*.test.ts: a list of independent cases, whose length hides no seam), generated code (dist/),
// bench/ (measurement scripts, not shipped). A file over the limit passes when one of its first lines carries a
// `size:` comment stating the reason (`// size: one state machine; …`); the reasons are printed on every run.
// Usage: node scripts/file-size.mjs [--root <workspace>] [--limit <lines>]   (its test runs it on fixture trees)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const flag = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const root = resolve(flag('--root') ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const LIMIT = Number(flag('--limit') ?? 300);
// The reason must be in the file's head, where a reader opening it sees it first.
const HEAD_LINES = 5;
const SOURCE = /\.(?:[cm]?js|[cm]?ts|py)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist']);

/** Every hand-written source file under `dir` (relative to the root). */
function sources(dir) {
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return SKIPPED_DIRS.has(e.name) ? [] : sources(path);
    return e.isFile() &&
      SOURCE.test(e.name) &&
      !/\.test\.[cm]?[jt]s$/.test(e.name) &&
      !e.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

const topDirs = (parent) => {
  try {
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `${parent}/${e.name}/src`);
  } catch {
    return [];
  }
};
const files = [...topDirs('packages'), ...topDirs('actions'), 'scripts', 'test'].flatMap(sources).sort();

const over = [];
const explained = [];
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8');
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines <= LIMIT) continue;
  const reason = text
    .split('\n', HEAD_LINES)
    .map((l) => /^\s*(?:\/\/|#|\/?\*+)\s*size:\s*(.*?)\s*(?:\*\/)?\s*$/.exec(l)?.[1])
    .find((r) => r && r.split(/\s+/).length >= 3);
  (reason ? explained : over).push({ file, lines, reason });
}

for (const { file, lines, reason } of explained)
  console.log(`file-size: ${file} has ${lines} lines (over ${LIMIT}), because: ${reason}`);
if (over.length) {
  console.error(
    `file-size: ${over.length} file(s) over ${LIMIT} lines without a stated reason:\n${over
      .map(({ file, lines }) => `  ${file}: ${lines} lines`)
      .join(
        '\n',
      )}\nSplit each along its seams into files named for what they hold, or state in one of its first ` +
      `${HEAD_LINES} lines why it must stay whole: // size: <reason, in a few words>.`,
  );
  process.exit(1);
}
console.log(
  `file-size: ok (${files.length} source files, none over ${LIMIT} lines without a stated reason).`,
);
