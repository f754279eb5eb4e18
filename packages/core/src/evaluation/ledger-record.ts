import { UserError } from '../errors.js';
import type { RunProvenance } from '../run-provenance.js';
import type { EvaluationResult } from './result.js';

/**
 * An evaluation as the ledger keeps it: the result object unchanged (promote-model and drift-report read a ledger
 * record and a `result-json` file alike), one record per run attempt and comment header, never overwritten.
 */
export type EvaluationLedgerRecord = EvaluationResult;

const PACKAGE_ARN =
  /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package\/([A-Za-z0-9](?:-*[A-Za-z0-9]){0,62})\/(\d+)$/;

/**
 * Where the evaluations of one versioned model package are kept (`evaluations/<group>/<version>/`), so that
 * promote-model finds a package's evaluation by listing one prefix instead of reading every record.
 */
export function evaluationLedgerPrefix(modelPackageArn: string, inputName = 'model-package-arn'): string {
  const match = PACKAGE_ARN.exec(modelPackageArn);
  if (!match)
    throw new UserError(
      `Input "${inputName}": ${JSON.stringify(modelPackageArn)} is not a versioned model package ARN (arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>).`,
      { hint: "Pass run-training's model-package-arn output (the job must have run with `register`)." },
    );
  return `evaluations/${match[1]}/${match[2]}/`;
}

/**
 * The ledger object name of an evaluation: per run, attempt and comment header on GitHub (a re-run of the same
 * attempt finds its record), per instant for a local run. The header is reduced to characters safe in a key. With
 * the challenger's model package ARN, the record goes under that package's prefix (evaluationLedgerPrefix).
 */
export function evaluationLedgerName(
  run: Pick<RunProvenance, 'run_id' | 'run_attempt'>,
  header: string,
  now: Date,
  modelPackageArn?: string,
): string {
  const key = run.run_id
    ? `${run.run_id}-${run.run_attempt}-${header.replace(/[^A-Za-z0-9._-]/g, '_')}`
    : `local-${now.toISOString().replace(/[:.]/g, '-')}`;
  return `${modelPackageArn ? evaluationLedgerPrefix(modelPackageArn) : 'evaluations/'}${key}.json`;
}
