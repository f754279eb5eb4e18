import { type EvaluationLedgerRecord, evaluationLedgerName } from '@mlops-actions/core';
import { appendRecord } from '@mlops-actions/data';
import type { ActionDeps } from '@mlops-actions/github';

/** Append the evaluation to the ledger at `ledger` (a path or s3:// prefix); a re-run leaves its record unchanged. */
export async function recordEvaluation(
  ledger: string,
  record: EvaluationLedgerRecord,
  header: string,
  deps: ActionDeps,
): Promise<void> {
  const name = evaluationLedgerName(record.run, header, deps.now(), record.model_package_arn);
  const s3 = ledger.startsWith('s3://') ? deps.aws.s3() : undefined;
  const written = await appendRecord(ledger, name, `${JSON.stringify(record)}\n`, { s3 });
  deps.logger.info(
    written.created
      ? `Recorded the evaluation at ${written.uri}`
      : `The evaluation of this run is already recorded at ${written.uri}; left unchanged.`,
  );
}
