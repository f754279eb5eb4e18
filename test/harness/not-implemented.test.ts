import { describe, expect, it } from 'vitest';
import { runStep } from './runner.js';

// Actions whose issue has not landed yet must say so instead of pretending to work.
// Remove an action from this list when its implementation lands.
const pending: Record<string, { issue: number; inputs: Record<string, string> }> = {
  'deploy-stack': { issue: 7, inputs: { 'stack-name': 'ml-infra' } },
};

describe.each(Object.entries(pending))('%s (not implemented yet)', (action, { issue, inputs }) => {
  it('fails with a clear "not implemented yet" error', async () => {
    const res = await runStep(action, { inputs });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toEqual([
      `${action} is not implemented yet (tracked in issue #${issue}); this version does nothing.`,
    ]);
    expect(res.outputs).toEqual({});
  });
});
