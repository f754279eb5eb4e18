// The esbuild configuration of every Node bundle we ship: the actions (scripts/build.mjs, and the probe action of
// test/harness/build-probe.ts), their worker entry, and the CLI's npm package (scripts/cli-package.mjs).
import * as esbuild from 'esbuild';

/** Options shared by all our Node bundles: one ES module per output file, runnable by Node 20 and 24. */
export const nodeBundleOptions = {
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
 * Bundle an action's entry points (`{ index: 'src/index.ts' }`) into `outdir` with code splitting: what the entry
 * imports statically is in `index.js`; each dynamic import (the AWS SDK, the Parquet reader, Octokit) becomes a chunk
 * loaded on first use, and code that several of them share (the SDK's Smithy runtime, say) is in one shared chunk,
 * never copied into each. Chunks sit beside the entry (`chunk-<hash>.js`), where the worker pool looks for
 * worker.js (`import.meta.url` of whichever file holds packages/parallel). Returns the metafile.
 */
export async function bundleAction(entryPoints, outdir) {
  const { metafile } = await esbuild.build({
    ...nodeBundleOptions,
    entryPoints,
    outdir,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    metafile: true,
  });
  return metafile;
}
