import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  type EvaluationVerdict,
  evaluationLedgerPrefix,
  evaluationVerdict,
  UserError,
} from '@mlops-actions/core';
import { listRecords, readRecord } from '@mlops-actions/data';

/** The fields of a ledger record the promotion gate reads beyond the verdict. */
interface RecordedEvaluation {
  model_package_arn?: string;
  created_at?: string;
}

/** The verdict of an evaluate-challenger result file (its result-json output). */
export async function readEvaluation(path: string): Promise<EvaluationVerdict> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(resolve(path), 'utf8'));
  } catch (error) {
    throw new UserError(
      `Input "evaluation": cannot read ${path} as JSON (${(error as NodeJS.ErrnoException).code ?? 'invalid JSON'}).`,
      {
        hint: 'Pass the result-json output of evaluate-challenger (download it as an artifact in this job).',
      },
    );
  }
  const verdict = evaluationVerdict(doc);
  if (!verdict)
    throw new UserError(
      `Input "evaluation": ${path} is not an evaluate-challenger result (kind: evaluation).`,
    );
  return verdict;
}

/**
 * The newest evaluation recorded for a model package in evaluate-challenger's ledger (under the package's prefix,
 * `evaluations/<group>/<version>/`), with the record's location; undefined when none is recorded.
 */
export async function findEvaluation(
  ledger: string,
  modelPackageArn: string,
  s3: S3Client | undefined,
): Promise<(EvaluationVerdict & { source: string }) | undefined> {
  const location = `${ledger.replace(/\/+$/, '')}/${evaluationLedgerPrefix(modelPackageArn, 'model-package')}`;
  let newest: { verdict: EvaluationVerdict; at: string; source: string } | undefined;
  for (const name of await listRecords(location, { s3 })) {
    if (!name.endsWith('.json')) continue;
    let doc: (RecordedEvaluation & object) | undefined;
    try {
      doc = JSON.parse(await readRecord(location, name, { s3 }));
    } catch {
      continue; // a record that is not JSON is not an evaluation
    }
    const verdict = evaluationVerdict(doc);
    // The prefix names the package; the record must say so too (a copied file would not).
    if (!verdict || doc?.model_package_arn !== modelPackageArn) continue;
    const at = doc.created_at ?? '';
    if (!newest || at > newest.at) newest = { verdict, at, source: `${location}${name}` };
  }
  return newest && { ...newest.verdict, source: newest.source };
}
