/** Axis ranges and ticks shared by the Mermaid and SVG charts. */

// Metrics that live in [0, 1]: their axis starts at 0, so a 0.05 drop reads as 0.05 and not as a cliff.
const BOUNDED = /^(roc-auc|average-precision|accuracy|precision|recall|f1|brier|map@\d+|ndcg@\d+)$/;

/** Whether a metric is bounded to [0, 1]. */
export const isBoundedMetric = (metric: string) => BOUNDED.test(metric);

/** A "nice" step (1, 2 or 5 × 10^k) near span / count. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/**
 * The y range of a metric chart: 0 to a little above the data (at most 1) for bounded metrics, otherwise the data's
 * range padded; both ends on nice ticks.
 */
export function metricDomain(
  values: number[],
  bounded: boolean,
): { lo: number; hi: number; ticks: number[] } {
  const finite = values.filter(Number.isFinite);
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (bounded) {
    lo = Math.min(0, lo);
    hi = Math.min(1, Math.max(hi * 1.1, lo + 0.1));
    if (hi <= lo) hi = lo + 1;
  } else {
    const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, 5);
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { lo: start, hi: end, ticks };
}
