/**
 * Ranking metrics over groups (e.g. one group per customer): rows of a group are ranked by score descending.
 * `groupStarts` describes groups as runs in `order`: rows order[groupStarts[g]] .. order[groupStarts[g+1]-1].
 */

type Num = ArrayLike<number>;

/**
 * Average precision at k of one ranked group: sum over the top k of precision@i at each relevant item, divided by
 * min(k, number of relevant items in the group). Ties in score keep input order (a stable sort), documented.
 * Null when the group has no relevant item (such groups are skipped by mapAtK).
 */
function apAtK(labels: Num, ranked: ArrayLike<number>, from: number, to: number, k: number): number | null {
  let relevant = 0;
  for (let j = from; j < to; j++) if (labels[ranked[j]!]! > 0) relevant++;
  if (relevant === 0) return null;
  let hits = 0;
  let sum = 0;
  const end = Math.min(to, from + k);
  for (let j = from; j < end; j++) {
    if (labels[ranked[j]!]! > 0) {
      hits++;
      sum += hits / (j - from + 1);
    }
  }
  return sum / Math.min(k, relevant);
}

/** Mean over groups with at least one relevant item of apAtK; null when no group has one. */
export function mapAtK(
  labels: Num,
  ranked: ArrayLike<number>,
  groupStarts: ArrayLike<number>,
  k: number,
  weights?: Num,
): number | null {
  let sum = 0;
  let count = 0;
  for (let g = 0; g + 1 < groupStarts.length; g++) {
    const from = groupStarts[g]!;
    const to = groupStarts[g + 1]!;
    const ap = apAtK(labels, ranked, from, to, k);
    if (ap === null) continue;
    const w = weights ? weights[g]! : 1;
    sum += w * ap;
    count += w;
  }
  return count === 0 ? null : sum / count;
}

function discount(position: number): number {
  return 1 / Math.log2(position + 2);
}

/**
 * NDCG at k of one group with sklearn.metrics.ndcg_score semantics (ignore_ties=False): items with tied scores share
 * the average gain of their tie group over the discounts of the positions they jointly occupy; the ideal DCG ranks by
 * true relevance. A group whose ideal DCG is 0 (nothing relevant) scores 0, as in sklearn (it still counts in the mean).
 */
function ndcgOfGroup(
  relevance: Num,
  scores: Num,
  ranked: ArrayLike<number>,
  from: number,
  to: number,
  k: number,
): number {
  const n = to - from;
  const limit = Math.min(k, n);
  // Ideal DCG: relevance sorted descending.
  const ideal = new Float64Array(n);
  for (let j = 0; j < n; j++) ideal[j] = relevance[ranked[from + j]!]!;
  ideal.sort().reverse();
  let idcg = 0;
  for (let j = 0; j < limit; j++) idcg += ideal[j]! * discount(j);
  if (idcg === 0) return 0;
  // Tie-averaged DCG over the ranking by score (ranked is already score-descending).
  let dcg = 0;
  for (let j = from; j < to; ) {
    const s = scores[ranked[j]!]!;
    let end = j;
    let gain = 0;
    while (end < to && scores[ranked[end]!] === s) gain += relevance[ranked[end++]!]!;
    const count = end - j;
    let discounts = 0;
    for (let p = j - from; p < end - from && p < limit; p++) discounts += discount(p);
    dcg += (gain / count) * discounts;
    j = end;
  }
  return dcg / idcg;
}

/** Mean NDCG@k over all groups (sklearn ndcg_score over the groups as samples). Null when there is no group. */
export function ndcgAtK(
  relevance: Num,
  scores: Num,
  ranked: ArrayLike<number>,
  groupStarts: ArrayLike<number>,
  k: number,
  weights?: Num,
): number | null {
  let sum = 0;
  let count = 0;
  for (let g = 0; g + 1 < groupStarts.length; g++) {
    const w = weights ? weights[g]! : 1;
    if (w === 0) continue;
    sum += w * ndcgOfGroup(relevance, scores, ranked, groupStarts[g]!, groupStarts[g + 1]!, k);
    count += w;
  }
  return count === 0 ? null : sum / count;
}
