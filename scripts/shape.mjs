#!/usr/bin/env node
// The architecture's shape, checked on every `pnpm lint` (and so in CI):
// - dependency-cruiser (.dependency-cruiser.cjs): no import cycles, packages/core imports no node:/AWS/GitHub/@actions
//   module nor another workspace package, nothing imports an action entry, every import resolves;
// - knip (knip.jsonc): no unused files, dependencies or exports (package entries included).
// Findings listed in scripts/shape-allowlist.mjs (each with the reason it is still there) are printed with that reason
// but do not fail.
// Usage: node scripts/shape.mjs [--root <workspace>]   (the lint's own test runs it on fixture workspaces)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowedFindings } from './shape-allowlist.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const rootFlag = process.argv.indexOf('--root');
const root = rootFlag > 0 ? resolve(process.argv[rootFlag + 1]) : repo;
// The tools are devDependencies of this repository, run on whichever workspace is checked.
const bin = (pkg, name) => join(repo, 'node_modules', pkg, name);

/** Run a tool's bin with node in the workspace; its stdout, or exit when it crashed. */
function tool(script, args) {
  const res = spawnSync(process.execPath, [script, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  return res;
}

const findings = [];

// dependency-cruiser: the directories that exist in this workspace.
const dirs = ['packages', 'actions', 'test', 'scripts', 'bench', 'examples'].filter((d) =>
  existsSync(join(root, d)),
);
const cruise = tool(bin('dependency-cruiser', 'bin/dependency-cruiser.mjs'), [
  ...dirs,
  '--config',
  '.dependency-cruiser.cjs',
  '--output-type',
  'json',
]);
let cruised;
try {
  cruised = JSON.parse(cruise.stdout);
} catch {
  console.error(`dependency-cruiser failed:\n${cruise.stderr || cruise.stdout}`);
  process.exit(2);
}
for (const v of cruised.summary.violations) {
  const via = v.cycle?.length ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name ?? c)].join(' → ')})` : '';
  findings.push({
    key: `${v.rule.name} ${v.from} → ${v.to}`,
    text: `${v.rule.name}: ${v.from} → ${v.to}${via}`,
  });
}

// knip: one finding per unused file, dependency or export.
const knip = tool(bin('knip', 'bin/knip.js'), ['--reporter', 'json', '--no-progress']);
let report;
try {
  report = JSON.parse(knip.stdout);
} catch {
  console.error(`knip failed:\n${knip.stderr || knip.stdout}`);
  process.exit(2);
}
const KINDS = {
  files: 'unused file',
  dependencies: 'unused dependency',
  devDependencies: 'unused devDependency',
  optionalPeerDependencies: 'unused optional peer dependency',
  unlisted: 'unlisted dependency',
  binaries: 'unlisted binary',
  unresolved: 'unresolved import',
  exports: 'unused export',
  types: 'unused exported type',
  enumMembers: 'unused enum member',
  duplicates: 'duplicate export',
};
for (const issue of report.issues) {
  for (const [kind, label] of Object.entries(KINDS)) {
    for (const item of issue[kind] ?? []) {
      const names = Array.isArray(item) ? item.map((i) => i.name).join('|') : item.name;
      const where = item.line ? `:${item.line}` : '';
      findings.push({
        key: `${label} ${issue.file} ${names}`,
        text: `${label}: ${issue.file}${where} ${names}`,
      });
    }
  }
}

const allowed = new Map(root === repo ? allowedFindings.map((a) => [a.finding, a.reason]) : []);
const failing = findings.filter((f) => !allowed.has(f.key));
const tolerated = findings.filter((f) => allowed.has(f.key));
const stale = [...allowed.keys()].filter((key) => !findings.some((f) => f.key === key));
if (tolerated.length)
  console.log(
    `shape: ${tolerated.length} known finding(s) allowed (scripts/shape-allowlist.mjs):\n  ${tolerated
      .map((f) => `${f.text}, because: ${allowed.get(f.key)}`)
      .join('\n  ')}`,
  );
if (stale.length)
  console.log(`shape: remove from scripts/shape-allowlist.mjs, no longer found:\n  ${stale.join('\n  ')}`);
if (failing.length) {
  console.error(`shape: ${failing.length} problem(s):\n  ${failing.map((f) => f.text).join('\n  ')}`);
  process.exit(1);
}
console.log(`shape: ok (${cruised.summary.totalCruised} modules, no cycles, core pure, nothing unused).`);
