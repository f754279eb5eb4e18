import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readActionYml, repoRoot, runStep } from './runner.js';

const actions = readdirSync(join(repoRoot, 'actions')).filter((a) =>
  existsSync(join(repoRoot, 'actions', a, 'action.yml')),
);

/** The machine's Node 20 (GitHub's older runtime), found on PATH outside node_modules. */
function findNode20(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir.includes('node_modules')) continue;
    const candidate = join(dir, 'node');
    if (!existsSync(candidate)) continue;
    const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
    if (version.startsWith('v20.')) return candidate;
  }
  return undefined;
}
const node20 = findNode20();

describe('action bundles', () => {
  it('has exactly the six actions', () => {
    expect(actions.sort()).toEqual([
      'batch-transform',
      'deploy-stack',
      'drift-report',
      'evaluate-challenger',
      'promote-model',
      'run-training',
    ]);
  });

  it('runs under Node 24 (GitHub runs our actions with node24)', () => {
    expect(Number(process.versions.node.split('.')[0])).toBe(24);
  });

  describe.each(actions)('%s', (action) => {
    it('declares node24, a committed bundle under 3 MB, and post only with a post bundle', () => {
      const meta = readActionYml(action);
      expect(meta.runs.using).toBe('node24');
      expect(meta.runs.main).toBe('dist/index.js');
      const main = join(repoRoot, 'actions', action, 'dist/index.js');
      expect(statSync(main).size).toBeLessThan(3 * 1024 * 1024);
      if (meta.runs.post) expect(existsSync(join(repoRoot, 'actions', action, meta.runs.post))).toBe(true);
    });

    it('ships under 3 MB of JS in all, chunks included (the AWS SDK runtime is not copied into each lazy chunk)', () => {
      const dist = join(repoRoot, 'actions', action, 'dist');
      const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
      const total = files.reduce((bytes, f) => bytes + statSync(join(dist, f)).size, 0);
      expect(total).toBeLessThan(3 * 1024 * 1024);
    });

    it('starts under the harness and fails with one clear line when given nothing', async () => {
      const res = await runStep(action, { env: { AWS_REGION: undefined } });
      expect(res.exitCode).toBe(1);
      expect(res.errors).toHaveLength(1);
      expect(res.errors[0]).not.toMatch(/Unexpected error/);
      expect(res.stdout + res.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    });

    it.skipIf(!node20)('starts under Node 20', async () => {
      const res = await runStep(action, { node: node20, env: { AWS_REGION: undefined } });
      expect(res.exitCode).toBe(1);
      expect(res.errors).toHaveLength(1);
      expect(res.stderr).not.toMatch(/SyntaxError|ERR_/);
    });
  });
});
