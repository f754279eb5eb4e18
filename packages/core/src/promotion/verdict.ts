/** What an evaluate-challenger result said, as a promotion (or a drift baseline) reads it. */
export interface EvaluationVerdict {
  decision: string;
  metric: string;
  champion: number | null;
  challenger: number | null;
}

/**
 * The verdict of a parsed evaluate-challenger result JSON, or undefined when the document is not one (another kind,
 * or no decision): the caller words that error for the input it came from.
 */
export function evaluationVerdict(doc: unknown): EvaluationVerdict | undefined {
  const evaluation = doc as {
    kind?: string;
    decision?: string;
    metric?: string;
    champion?: { score: number | null } | null;
    challenger?: { score: number | null };
  } | null;
  if (evaluation?.kind !== 'evaluation' || !evaluation.decision) return undefined;
  return {
    decision: evaluation.decision,
    metric: evaluation.metric ?? '',
    champion: evaluation.champion?.score ?? null,
    challenger: evaluation.challenger?.score ?? null,
  };
}

/** The score of the model in production after an evaluation: the challenger when promoted, else the champion. */
export function productionScore(verdict: EvaluationVerdict): { score: number | null; promoted: boolean } {
  const promoted = verdict.decision === 'promote';
  return { score: promoted ? verdict.challenger : verdict.champion, promoted };
}
