import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../../..');

describe('npm run mlops / pnpm mlops (the repository script)', () => {
  it('resolves paths against the directory it is typed in, not the repository root', () => {
    mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
    const sub = mkdtempSync(join(repoRoot, '.tmp/bin-'));
    // npm, which every clone has; pnpm runs the same script with the same INIT_CWD.
    const stdout = execFileSync(
      'npm',
      [
        'run',
        '-s',
        'mlops',
        '--',
        'evaluate-challenger',
        '--champion',
        '../../examples/data/evaluate/champion.csv',
        '--challenger',
        '../../examples/data/evaluate/challenger.csv',
        '--output-json',
        'result.json',
      ],
      {
        cwd: sub,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k))),
      },
    );
    expect(stdout).toMatch(/^decision=/m);
    expect(JSON.parse(readFileSync(join(sub, 'result.json'), 'utf8')).decision).toBeDefined();
    expect(existsSync(join(repoRoot, 'result.json'))).toBe(false);
  });
});
