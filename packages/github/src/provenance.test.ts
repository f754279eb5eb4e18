import { describe, expect, it } from 'vitest';
import { runContextFromEnv } from './context.js';
import { runMarker, runProvenance } from './provenance.js';

describe('runProvenance', () => {
  it('names the repository, commit, run, attempt, event and actor of a workflow run', () => {
    const context = runContextFromEnv({
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_SHA: 'abc',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '3',
      GITHUB_EVENT_NAME: 'schedule',
      GITHUB_ACTOR: 'octocat',
    });
    expect(runProvenance(context)).toEqual({
      repository: 'o/r',
      sha: 'abc',
      run_id: '42',
      run_attempt: 3,
      run_url: 'https://github.com/o/r/actions/runs/42',
      event: 'schedule',
      actor: 'octocat',
    });
  });

  it('is all null outside GitHub (a local run), the attempt included', () => {
    expect(runProvenance(runContextFromEnv({}))).toEqual({
      repository: null,
      sha: null,
      run_id: null,
      run_attempt: null,
      run_url: null,
      event: null,
      actor: null,
    });
  });
});

describe('runMarker', () => {
  it('marks the run in a hidden comment that its id cannot close', () => {
    expect(runMarker(runContextFromEnv({ GITHUB_RUN_ID: '42' }))).toBe('<!-- mlops-actions:run:42 -->');
    expect(runMarker(runContextFromEnv({ GITHUB_RUN_ID: '4 --> @x' }))).toBe('<!-- mlops-actions:run:4x -->');
  });
});
