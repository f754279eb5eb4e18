import { defineConfig } from 'vitest/config';

// `pnpm test:emulator`: the bundled actions against an AWS API emulator at AWS_EMULATOR_URL (skips without one).
export default defineConfig({
  test: {
    include: ['test/emulator/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One emulator holds one account's state: files run one after another.
    fileParallelism: false,
  },
});
