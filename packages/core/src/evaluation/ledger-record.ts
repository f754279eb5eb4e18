import type { RunProvenance } from '../run-provenance.js';
import type { EvaluationResult } from './result.js';

/**
 * An evaluation as the ledger keeps it: the result object unchanged (promote-model and drift-report read a ledger
 * record and a `result-json` file alike), one record per run attempt and comment header, never overwritten.
 */
export type EvaluationLedgerRecord = EvaluationResult;

/**
 * The ledger object name of an evaluation: per run, attempt and comment header on GitHub (a re-run of the same
 * attempt finds its record), per instant for a local run. The header is reduced to characters safe in a key.
 */
export function evaluationLedgerName(
  run: Pick<RunProvenance, 'run_id' | 'run_attempt'>,
  header: string,
  now: Date,
): string {
  const key = run.run_id
    ? `${run.run_id}-${run.run_attempt}-${header.replace(/[^A-Za-z0-9._-]/g, '_')}`
    : `local-${now.toISOString().replace(/[:.]/g, '-')}`;
  return `evaluations/${key}.json`;
}
