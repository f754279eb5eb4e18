import type { DriftResult } from '@mlops-actions/core';
import { describe, expect, it } from 'vitest';
import { driftIssueTitle, renderDriftIssue } from './drift-issue.js';

const result = (retrain: boolean, runUrl: string | null) =>
  ({ retrain, dataset_drift: true, run: { run_url: runUrl } }) as unknown as DriftResult;

describe('drift tracking issue', () => {
  it('titles the issue by what the run found', () => {
    expect(driftIssueTitle(result(true, null))).toBe('Model drift: retraining advised');
    expect(driftIssueTitle(result(false, null))).toBe('Model drift: dataset drift detected');
  });

  it('links the workflow run under the summary, when there is one', () => {
    const url = 'https://github.com/o/r/actions/runs/42';
    expect(renderDriftIssue(result(true, url), '### summary')).toBe(`### summary\n\n[Workflow run](${url})`);
    expect(renderDriftIssue(result(true, null), '### summary')).toBe('### summary\n\n');
  });
});
