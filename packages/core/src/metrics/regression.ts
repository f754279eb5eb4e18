/** Regression metrics with scikit-learn 1.2 semantics (mean_squared_error, mean_absolute_error, r2_score). */

type Num = ArrayLike<number>;

function each(n: number, rows: ArrayLike<number> | undefined, fn: (i: number) => void) {
  const m = rows ? rows.length : n;
  for (let j = 0; j < m; j++) fn(rows ? rows[j]! : j);
}

/** Root mean squared error; null with no rows. */
export function rmse(actual: Num, predicted: Num, rows?: ArrayLike<number>, weights?: Num): number | null {
  let sum = 0;
  let total = 0;
  each(actual.length, rows, (i) => {
    const w = weights ? weights[i]! : 1;
    const d = actual[i]! - predicted[i]!;
    sum += w * d * d;
    total += w;
  });
  return total === 0 ? null : Math.sqrt(sum / total);
}

/** Mean absolute error; null with no rows. */
export function mae(actual: Num, predicted: Num, rows?: ArrayLike<number>, weights?: Num): number | null {
  let sum = 0;
  let total = 0;
  each(actual.length, rows, (i) => {
    const w = weights ? weights[i]! : 1;
    sum += w * Math.abs(actual[i]! - predicted[i]!);
    total += w;
  });
  return total === 0 ? null : sum / total;
}

/**
 * Coefficient of determination. As sklearn 1.2 (force_finite): a constant target gives 1 when predicted perfectly,
 * else 0; fewer than two rows is undefined (null; sklearn returns nan with a warning).
 */
export function r2(actual: Num, predicted: Num, rows?: ArrayLike<number>, weights?: Num): number | null {
  let total = 0;
  let mean = 0;
  let count = 0;
  each(actual.length, rows, (i) => {
    const w = weights ? weights[i]! : 1;
    mean += w * actual[i]!;
    total += w;
    if (w > 0) count++;
  });
  if (count < 2 || total === 0) return null;
  mean /= total;
  let ssRes = 0;
  let ssTot = 0;
  each(actual.length, rows, (i) => {
    const w = weights ? weights[i]! : 1;
    const d = actual[i]! - predicted[i]!;
    const e = actual[i]! - mean;
    ssRes += w * d * d;
    ssTot += w * e * e;
  });
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
