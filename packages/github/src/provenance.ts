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
