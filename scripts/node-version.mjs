#!/usr/bin/env node
// Tests run on the Node.js major that GitHub uses for our actions (node24); pnpm scripts get it from the `node`
// devDependency, which puts node_modules/.bin/node first on PATH.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`Tests must run on Node 24 (got ${process.version}). Run them through pnpm: \`pnpm test\`.`);
  process.exit(1);
}
console.log(`node ${process.version}`);
