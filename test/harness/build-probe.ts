import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderActionYml } from '@mlops-actions/github/action-yml';
// @ts-expect-error: the build scripts are plain JavaScript without declarations; this is their one TypeScript caller.
import { bundleWithWorker } from '../../scripts/node-bundle.mjs';
import { probeDefinition } from './probe/definition.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Bundle the probe action with scripts/node-bundle.mjs, as `pnpm build` bundles the real ones; returns its directory. */
export async function buildProbe(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-probe-'));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'action.yml'), renderActionYml(probeDefinition));
  await bundleWithWorker({ index: join(here, 'probe/index.ts') }, join(dir, 'dist'));
  return dir;
}
