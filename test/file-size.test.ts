import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './harness/runner.js';

/** A tree holding `files` (path → text), checked by scripts/file-size.mjs with a limit of 10 lines. */
function check(files: Record<string, string>): { status: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'mlops-size-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const res = spawnSync(
    process.execPath,
    [join(repoRoot, 'scripts/file-size.mjs'), '--root', root, '--limit', '10'],
    {
      encoding: 'utf8',
    },
  );
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

const lines = (n: number, head = '') =>
  `${head}${'export const x = 1;\n'.repeat(n - (head ? head.split('\n').length - 1 : 0))}`;

describe('the file-size lint (scripts/file-size.mjs, part of pnpm lint)', () => {
  it('passes files at the limit', () => {
    const res = check({ 'packages/core/src/a.ts': lines(10), 'scripts/b.mjs': lines(10) });
    expect(res.output).toContain('file-size: ok (2 source files');
    expect(res.status).toBe(0);
  });

  it.each([
    'packages/core/src/evaluation/big.ts',
    'actions/deploy-stack/src/big.ts',
    'scripts/big.mjs',
    'test/harness/big.ts',
    'test/fixtures/tables/generate.py',
  ])('fails on %s one line over the limit, naming it and what to do', (path) => {
    const res = check({ [path]: lines(11) });
    expect(res.status).toBe(1);
    expect(res.output).toContain(`${path}: 11 lines`);
    expect(res.output).toContain('// size: <reason');
  });

  it.each([
    [
      'packages/data/src/big.ts',
      '// Reads things.\n// size: one state machine over the bytes; splitting it would pass its state\n',
    ],
    [
      'test/fixtures/tables/generate.py',
      '# size: one state machine over the bytes; splitting it would pass its state\n',
    ],
  ])(
    'passes %s, long, whose head states why (as a comment of its language), and prints the reason',
    (path, head) => {
      const res = check({ [path]: lines(20, head) });
      expect(res.status).toBe(0);
      expect(res.output).toContain(
        `${path} has 20 lines (over 10), because: one state machine over the bytes; splitting it would pass its state`,
      );
    },
  );

  it('does not take an empty reason, or one below the head of the file', () => {
    const empty = check({ 'packages/data/src/big.ts': lines(20, '// size:\n') });
    expect(empty.status).toBe(1);
    const late = check({
      'packages/data/src/big.ts': `${lines(12)}// size: stated too far down to be seen\n`,
    });
    expect(late.status).toBe(1);
    expect(late.output).toContain('packages/data/src/big.ts: 13 lines');
  });

  it('leaves out test files, generated bundles, declarations and other trees', () => {
    const res = check({
      'packages/core/src/a.test.ts': lines(20),
      'actions/app/dist/index.js': lines(20),
      'packages/core/node_modules/x/index.js': lines(20),
      'test/types.d.ts': lines(20),
      'bench/run.ts': lines(20),
    });
    expect(res.output).toContain('file-size: ok (0 source files');
    expect(res.status).toBe(0);
  });
});
