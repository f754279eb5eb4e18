/** Corrections for testing many features at once. */
export type Correction = 'holm' | 'bh' | 'none';
export const CORRECTIONS: Correction[] = ['holm', 'bh', 'none'];

/**
 * Adjusted p-values, in input order (statsmodels.stats.multitest.multipletests: 'holm', 'fdr_bh'; 'none' returns
 * the p-values). Holm bounds the chance of any false alarm across the family (family-wise error rate); Benjamini-
 * Hochberg bounds the expected share of false alarms among the flagged features (false discovery rate).
 */
export function adjustPValues(pValues: readonly number[], correction: Correction): number[] {
  const m = pValues.length;
  if (correction === 'none' || m === 0) return [...pValues];
  const order = [...pValues.keys()].sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const adjusted = new Array<number>(m);
  if (correction === 'holm') {
    let running = 0;
    for (let rank = 0; rank < m; rank++) {
      const i = order[rank]!;
      running = Math.max(running, Math.min(1, (m - rank) * pValues[i]!));
      adjusted[i] = running;
    }
  } else {
    let running = 1;
    for (let rank = m - 1; rank >= 0; rank--) {
      const i = order[rank]!;
      running = Math.min(running, (m * pValues[i]!) / (rank + 1));
      adjusted[i] = Math.min(1, running);
    }
  }
  return adjusted;
}

/** The per-test level a single drifted feature must pass in a family of m tests (Holm's and BH's first step). */
export function firstStepLevel(alpha: number, m: number, correction: Correction): number {
  return correction === 'none' || m <= 1 ? alpha : alpha / m;
}
