// The esbuild configuration of every Node bundle we ship: the actions (scripts/build.mjs, and the probe action of
// test/harness/build-probe.ts) and the CLI's npm package (scripts/cli-package.mjs), each with its worker entry.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Options shared by all our Node bundles: one ES module per output file, runnable by Node 20 and 24. */
const nodeBundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none', // the licenses are listed in licenses.txt / THIRD-PARTY-LICENSES.txt
  // Our packages declare `sideEffects: false`; with lazily initialised modules (those reached through a dynamic
  // import, e.g. the Parquet reader) esbuild would then drop the initialisation calls of re-exports.
  ignoreAnnotations: true,
  // CommonJS dependencies (AWS SDK, Octokit's proxy agent) call require() for Node built-ins, which an ES module lacks.
  banner: {
    js: "import{createRequire as __mlopsRequire}from'node:module';const require=__mlopsRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

/**
 * Bundle entry points (`{ index: '…/src/index.ts' }`) and packages/parallel's worker entry (`worker.js`) into `outdir`
 * in one build with code splitting. What an entry imports statically is in `<name>.js`; each dynamic import (the AWS
 * SDK, the Parquet reader, Octokit) becomes a chunk loaded on first use, and code that several of them share (the
 * SDK's Smithy runtime, the data reader the action and a worker both use) is in one shared chunk, never copied into
 * each. esbuild puts a module in a chunk by the set of entries that reach it, so a worker loads only its tasks and
 * what they import, never the action or Octokit. Chunks sit beside the entry (`chunk-<hash>.js`), where the worker
 * pool looks for worker.js (beside `import.meta.url` of whichever file holds packages/parallel). Returns the metafile.
 * `options.readableNames` keeps identifiers (for profiling).
 */
export async function bundleWithWorker(entryPoints, outdir, options = {}) {
  const { metafile } = await esbuild.build({
    ...nodeBundleOptions,
    // readableNames: identifiers kept (whitespace and syntax still minified), so a CPU profile names functions as
    // the source does; for `pnpm bench`'s profile runs, never for the shipped dist.
    ...(options.readableNames ? { minify: false, minifyWhitespace: true, minifySyntax: true } : {}),
    entryPoints: { ...entryPoints, worker: join(root, 'packages/parallel/src/worker.ts') },
    outdir,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    metafile: true,
  });
  return metafile;
}
