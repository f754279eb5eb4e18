// Regenerates each action's action.yml and the inputs/outputs tables of its README from its definition.
// `tsx scripts/docs.ts --check` fails instead of writing when anything is stale (run by `pnpm lint`).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { actions } from '../packages/cli/src/registry.js';
import { renderActionYml, updateReadmeTables } from '../packages/github/src/action-yml.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const stale: string[] = [];

function sync(path: string, wanted: string) {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (current === wanted) return;
  if (check) stale.push(path.slice(root.length + 1));
  else writeFileSync(path, wanted);
}

for (const module of Object.values(actions)) {
  const dir = join(root, 'actions', module.definition.id);
  sync(join(dir, 'action.yml'), renderActionYml(module.definition));
  const readmePath = join(dir, 'README.md');
  const readme = existsSync(readmePath)
    ? readFileSync(readmePath, 'utf8')
    : `# ${module.definition.name}\n\n${module.definition.description}\n`;
  sync(readmePath, updateReadmeTables(readme, module.definition));
}

if (stale.length) {
  console.error(`Generated docs are stale; run \`pnpm docs\` and commit:\n  ${stale.join('\n  ')}`);
  process.exit(1);
}
if (!check) console.log('action.yml and README tables are up to date');
