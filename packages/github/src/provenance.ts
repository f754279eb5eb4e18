import type { RunProvenance } from '@mlops-actions/core';
import type { RunContext } from './context.js';

/** The provenance block of a result or ledger record: repository, commit and run, null where the runner gave none. */
export function runProvenance(context: RunContext): RunProvenance {
  return {
    repository: context.repository ? `${context.repository.owner}/${context.repository.repo}` : null,
    sha: context.sha || null,
    run_id: context.runId || null,
    run_attempt: context.runId ? context.runAttempt : null,
    run_url: context.runUrl ?? null,
    event: context.eventName || null,
    actor: context.actor || null,
  };
}

/** The hidden marker of this workflow run in an issue or comment body, so a re-run of it finds what it wrote. */
export function runMarker(context: RunContext): string {
  return `<!-- mlops-actions:run:${context.runId.replace(/[^A-Za-z0-9_]/g, '')} -->`;
}
