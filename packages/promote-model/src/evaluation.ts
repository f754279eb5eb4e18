import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type EvaluationVerdict, UserError } from '@mlops-actions/core';

/** The verdict of an evaluate-challenger result file (its result-json output). */
export async function readEvaluation(path: string): Promise<EvaluationVerdict> {
  let doc: {
    kind?: string;
    decision?: string;
    metric?: string;
    champion?: { score: number | null } | null;
    challenger?: { score: number | null };
  };
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
  if (doc?.kind !== 'evaluation' || !doc.decision)
    throw new UserError(
      `Input "evaluation": ${path} is not an evaluate-challenger result (kind: evaluation).`,
    );
  return {
    decision: doc.decision,
    metric: doc.metric ?? '',
    champion: doc.champion?.score ?? null,
    challenger: doc.challenger?.score ?? null,
  };
}
