import { defineConfig } from 'vitest/config';

// `pnpm test:aws`: the opt-in suite against a real AWS account (see test/aws-live/live.test.ts for what it needs).
export default defineConfig({
  test: {
    include: ['test/aws-live/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
