import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type EvaluationVerdict, evaluationVerdict, UserError } from '@mlops-actions/core';

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
