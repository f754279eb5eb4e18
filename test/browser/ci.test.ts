import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../harness/runner.js';

// Issue 19: the browser test runs in CI with its screenshots kept, in both ways CI runs (GitHub Actions and .ci/run).
describe('the browser test in CI', () => {
  it('GitHub Actions runs it on the image’s Chrome and uploads the screenshots, failing when there are none', () => {
    const ci = parse(readFileSync(join(repoRoot, '.github/workflows/ci.yml'), 'utf8'));
    const steps: {
      run?: string;
      uses?: string;
      env?: Record<string, string>;
      with?: Record<string, string>;
    }[] = ci.jobs.test.steps;
    const test = steps.find((s) => s.run === 'pnpm test')!;
    expect(test.env?.MLOPS_CHROMIUM).toBe('/usr/bin/google-chrome');
    const upload = steps
      .slice(steps.indexOf(test))
      .find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({ path: 'test-artifacts/browser/', 'if-no-files-found': 'error' });
  });

  it('.ci/run installs Debian’s chromium before the tests', () => {
    const run = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
    expect(run.indexOf('apt-get install -y -qq chromium')).toBeGreaterThan(-1);
    expect(run.indexOf('apt-get install -y -qq chromium')).toBeLessThan(run.indexOf('pnpm test'));
  });
});
