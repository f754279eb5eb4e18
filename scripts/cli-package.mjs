#!/usr/bin/env node
// The npm package of the `mlops` CLI (`mlops-actions`, from packages/cli), built at pack time and never committed:
//   node scripts/cli-package.mjs build             bundle packages/cli/src/bin.ts into packages/cli/dist (mlops.js,
//                                                  its lazily loaded chunks, worker.js)
//   node scripts/cli-package.mjs pack [--out DIR]  build, stage the package, `npm pack` it; prints the tarball's path
// The bundle is ES modules with every dependency inlined, so the package has no runtime dependencies and runs with
// plain `node` (>= 20).
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { thirdPartyLicenses } from './licenses.mjs';
import { bundleWithWorker } from './node-bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli');
const bundle = join(cli, 'dist/mlops.js');

/**
 * Bundle the CLI into packages/cli/dist: mlops.js, the chunks it loads on demand (the AWS SDK, Octokit, the Parquet
 * reader) and worker.js, so `mlops` starts as fast as an action and spreads the bootstrap over worker threads.
 */
async function buildCli() {
  rmSync(join(cli, 'dist'), { recursive: true, force: true });
  await bundleWithWorker({ mlops: join(cli, 'src/bin.ts') }, join(cli, 'dist'));
  chmodSync(bundle, 0o755);
  return bundle;
}

/** Stage the package (manifest without the workspace-only fields, bundle, notices, example assets) and pack it. */
async function packCli(outDir) {
  await buildCli();
  const manifest = JSON.parse(readFileSync(join(cli, 'package.json'), 'utf8'));
  const stage = join(root, '.tmp/cli-package');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  // The workspace imports packages/cli from source (exports) and builds it from workspace packages (devDependencies);
  // a user of the published package needs neither.
  const { exports: _exports, devDependencies: _dev, sideEffects: _side, ...published } = manifest;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
  cpSync(join(cli, 'dist'), join(stage, 'dist'), { recursive: true });
  for (const file of ['LICENSE', 'NOTICE', 'CHANGELOG.md']) cpSync(join(root, file), join(stage, file));
  cpSync(join(cli, 'README.md'), join(stage, 'README.md'));
  // `mlops demo` generates data and trains with these two (located next to the bundle, see demo.ts): the data
  // generator, and the training source directory run in script mode.
  for (const file of ['training/generate-data.mjs', 'ml/train.py'])
    cpSync(join(root, 'examples', file), join(stage, 'examples', file));
  writeFileSync(
    join(stage, 'THIRD-PARTY-LICENSES.txt'),
    thirdPartyLicenses(root, cli, ['devDependencies', 'dependencies']),
  );
  const out = resolve(outDir ?? join(root, '.tmp'));
  mkdirSync(out, { recursive: true });
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', out], {
      cwd: stage,
      encoding: 'utf8',
      // Started from a pnpm script, npm would warn about pnpm's own npm_config_* settings.
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k))),
    }),
  );
  return { tarball: join(out, packed.filename), files: packed.files.map((f) => f.path).sort() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'build') {
    console.log(`bundled ${await buildCli()}`);
  } else if (command === 'pack') {
    const outFlag = rest.indexOf('--out');
    const { tarball, files } = await packCli(outFlag >= 0 ? rest[outFlag + 1] : undefined);
    console.log(`${files.join('\n')}\n${tarball}`);
  } else {
    console.error('Usage: node scripts/cli-package.mjs build | pack [--out DIR]');
    process.exit(2);
  }
}
