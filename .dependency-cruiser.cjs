// The shape of the workspace (DESIGN.md "Layers"), checked by `pnpm lint` through scripts/shape.mjs.

// Cycles being removed on other branches (issue 16 item 3); delete each line when its branch is merged.
const KNOWN_CYCLES = [
  // cli.ts ↔ demo.ts: the CLI packaging branch removes it.
  '^packages/cli/src/(cli|demo)\\.ts$',
];

// Tests may read fixtures from disk; the rules hold the shipped code.
const TESTS = '\\.test\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle makes load order matter and the layers meaningless; move the shared part down.',
      from: { pathNot: KNOWN_CYCLES },
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment:
        'packages/core holds pure decisions: it imports nothing outside itself (no node: module, AWS SDK, @actions, Octokit or other workspace package). Effects live at the edge.',
      from: { path: '^packages/core/src/', pathNot: TESTS },
      to: { pathNot: '^packages/core/src/' },
    },
    {
      name: 'no-action-entry-imports',
      severity: 'error',
      comment:
        'Action entries (actions/*/src) are wiring only; nothing imports them, the logic lives in packages/.',
      from: { pathNot: '^actions/([^/]+)/src/' },
      to: { path: '^actions/[^/]+/src/' },
    },
    {
      name: 'entry-helpers-only-in-entries',
      severity: 'error',
      comment:
        '@mlops-actions/github/entry imports @actions/core: only action entries and the CLI use it, never action logic.',
      from: { path: '^packages/', pathNot: ['^packages/(github|cli)/', TESTS] },
      to: { path: '^packages/github/src/(entry|run-action)\\.ts$' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['/dist/', 'node_modules', '/fixtures/'] },
    // Type-only imports count: a cycle of types is still a cycle of meaning.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
