import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './harness/runner.js';

type Files = Record<string, string>;
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * A small workspace with this repository's shape configuration: core (pure), a package using it, and an action
 * entry using that package. Clean as given; each test injects one violation.
 */
function workspace(overrides: Files = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'mlops-shape-'));
  for (const config of ['.dependency-cruiser.cjs', 'knip.jsonc', 'tsconfig.json', 'tsconfig.base.json'])
    copyFileSync(join(repoRoot, config), join(root, config));
  const files: Files = {
    'package.json': json({ name: 'fixture', private: true, type: 'module' }),
    'pnpm-workspace.yaml': 'packages:\n  - packages/*\n  - actions/*\n',
    'packages/core/package.json': json({
      name: '@mlops-actions/core',
      type: 'module',
      exports: { '.': './src/index.ts' },
    }),
    'packages/core/src/index.ts': `/** Twice x. */\nexport function double(x: number): number {\n  return 2 * x;\n}\n`,
    'packages/app/package.json': json({
      name: '@mlops-actions/app',
      type: 'module',
      exports: { '.': './src/index.ts' },
      dependencies: { '@mlops-actions/core': 'workspace:*' },
    }),
    'packages/app/src/index.ts': `import { double } from '@mlops-actions/core';\nimport { half } from './half.js';\n\n/** The app. */\nexport function run(x: number): number {\n  return half(double(x));\n}\n`,
    'packages/app/src/half.ts': `/** Half of x. */\nexport function half(x: number): number {\n  return x / 2;\n}\n`,
    'actions/app/package.json': json({
      name: '@mlops-actions/action-app',
      type: 'module',
      dependencies: { '@mlops-actions/app': 'workspace:*' },
    }),
    'actions/app/src/index.ts': `import { run } from '@mlops-actions/app';\n\nconsole.log(run(1));\n`,
    ...overrides,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  // What pnpm install links for workspace packages.
  for (const [dir, name] of [
    ['.', 'core'],
    ['.', 'app'],
    ['packages/app', 'core'],
    ['actions/app', 'app'],
  ] as const) {
    mkdirSync(join(root, dir, 'node_modules/@mlops-actions'), { recursive: true });
    symlinkSync(join(root, 'packages', name), join(root, dir, 'node_modules/@mlops-actions', name), 'dir');
  }
  return root;
}

function shape(root: string): { status: number | null; output: string } {
  const res = spawnSync(process.execPath, [join(repoRoot, 'scripts/shape.mjs'), '--root', root], {
    encoding: 'utf8',
  });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

describe('the shape lint (scripts/shape.mjs, part of pnpm lint)', () => {
  it('passes a workspace that keeps the shape', () => {
    const res = shape(workspace());
    expect(res.output).toContain('shape: ok');
    expect(res.status).toBe(0);
  });

  it('fails on an import cycle, naming both files', () => {
    const res = shape(
      workspace({
        'packages/app/src/half.ts': `import { run } from './index.js';\n\n/** Half of x. */\nexport function half(x: number): number {\n  return x > 1e9 ? run(0) : x / 2;\n}\n`,
      }),
    );
    expect(res.status).toBe(1);
    expect(res.output).toMatch(/no-circular: packages\/app\/src\/\w+\.ts → packages\/app\/src\/\w+\.ts/);
  });

  it('fails on a node: import in packages/core', () => {
    const res = shape(
      workspace({
        'packages/core/src/index.ts': `import { readFileSync } from 'node:fs';\n\n/** Twice x. */\nexport function double(x: number): number {\n  return x > 1e9 ? readFileSync('x').length : 2 * x;\n}\n`,
      }),
    );
    expect(res.status).toBe(1);
    expect(res.output).toContain('core-is-pure: packages/core/src/index.ts → fs');
  });

  it('fails on a dependency that no file imports', () => {
    const res = shape(
      workspace({
        'packages/app/package.json': json({
          name: '@mlops-actions/app',
          type: 'module',
          exports: { '.': './src/index.ts' },
          dependencies: { '@mlops-actions/core': 'workspace:*', yaml: '^2.9.1' },
        }),
      }),
    );
    expect(res.status).toBe(1);
    expect(res.output).toContain('unused dependency: packages/app/package.json');
    expect(res.output).toContain('yaml');
  });

  it('fails on an export nobody imports, package entries included', () => {
    const res = shape(
      workspace({
        'packages/app/src/index.ts': `import { double } from '@mlops-actions/core';\nimport { half } from './half.js';\n\n/** The app. */\nexport function run(x: number): number {\n  return half(double(x));\n}\n\n/** Nobody calls this. */\nexport const unused = 1;\n`,
      }),
    );
    expect(res.status).toBe(1);
    expect(res.output).toContain('unused export: packages/app/src/index.ts');
  });
});
