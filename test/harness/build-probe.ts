import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderActionYml } from '@mlops-actions/github';
import ncc from '@vercel/ncc';
import { probeDefinition } from './probe/definition.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Bundle the probe action with ncc, as `pnpm build` bundles the real ones; returns its directory. */
export async function buildProbe(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-probe-'));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'action.yml'), renderActionYml(probeDefinition));
  const cwd = process.cwd();
  process.chdir(join(here, 'probe'));
  try {
    for (const name of ['index']) {
      const { code, assets } = await ncc(join(here, 'probe', `${name}.ts`), {
        transpileOnly: true,
        quiet: true,
        target: 'es2022',
      });
      writeFileSync(join(dir, 'dist', `${name}.js`), code);
      for (const [file, asset] of Object.entries<any>(assets))
        writeFileSync(join(dir, 'dist', file), asset.source);
    }
  } finally {
    process.chdir(cwd);
  }
  return dir;
}
