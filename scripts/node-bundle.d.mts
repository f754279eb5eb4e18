// Types of node-bundle.mjs for its TypeScript caller (test/harness/build-probe.ts).
import type { Metafile } from 'esbuild';

/** Bundle entry points into `outdir` with code splitting, and packages/parallel's worker entry as worker.js. */
export function bundleWithWorker(entryPoints: Record<string, string>, outdir: string): Promise<Metafile>;
