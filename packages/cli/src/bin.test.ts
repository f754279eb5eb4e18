import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../../..');

describe('pnpm mlops (the repository script)', () => {
  it('resolves paths against the directory it is typed in, not the repository root', () => {
    mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
    const sub = mkdtempSync(join(repoRoot, '.tmp/bin-'));
    const stdout = execFileSync(
      'pnpm',
      [
        '-s',
        'mlops',
        'evaluate-challenger',
        '--champion',
        '../../examples/data/evaluate/champion.csv',
        '--challenger',
        '../../examples/data/evaluate/challenger.csv',
        '--output-json',
        'result.json',
      ],
      { cwd: sub, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(stdout).toMatch(/^decision=/m);
    expect(JSON.parse(readFileSync(join(sub, 'result.json'), 'utf8')).decision).toBeDefined();
    expect(existsSync(join(repoRoot, 'result.json'))).toBe(false);
  });
});
