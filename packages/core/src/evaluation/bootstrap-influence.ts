import { improvement, type MetricSpec } from '../metrics/registry.js';
import type { BootstrapPlan, BootstrapResult, IntervalMethod } from './bootstrap.js';
import { gammaWeightedScore } from './windows.js';

// The infinitesimal jackknife (influence-function, delta-method) interval of the paired, gamma-decayed improvement
// D for average precision and ROC AUC: what the Poisson bootstrap estimates with 1000 resamples, from one pass.
// Under Poisson(1) weights (iid, mean 1, variance 1) the linearised statistic D(w) ≈ D + Σ_i (w_i − 1)·U_i with
// U_i = ∂D/∂w_i at w = 1, so its variance is Σ_i U_i². For ROC AUC the U_i are DeLong's structural components; the
// same derivation over sklearn's thresholds (one per distinct score) gives average precision's. Cost: the sort the
// plan already made, then O(n).

const POSITIVE = 1;
const TIE_END = 2;
/** z_{0.975}: the 95 % two-sided normal interval. */
const Z975 = 1.959963984540054;

/**
 * ∂M/∂w_j at w = 1 for every position j in [start, end) of one window in one model's score order (M = average
 * precision, or ROC AUC when `auc`), added as coef · ∂M/∂w_j into out[j] (or out[positions[j]]). Returns M, or null
 * for a single class (then nothing is added); coef 0 only computes M. `tp`, `fp` are scratch of at least end − start entries.
 */
function rankingInfluence(
  auc: boolean,
  flags: Uint8Array,
  positions: Uint32Array | null,
  start: number,
  end: number,
  coef: number,
  out: Float64Array,
  scratch: { tp: Float64Array; fp: Float64Array },
): number | null {
  // Forward: cumulative positives and negatives at each threshold (the end of each run of tied scores).
  const { tp: groupTp, fp: groupFp } = scratch;
  let tp = 0;
  let fp = 0;
  let groups = 0;
  let sum = 0;
  let tp0 = 0;
  for (let j = start; j < end; j++) {
    const f = flags[j]!;
    if (f & POSITIVE) tp++;
    else fp++;
    if (f & TIE_END) {
      groupTp[groups] = tp;
      groupFp[groups++] = fp;
      if (!auc) sum += ((tp - tp0) * tp) / (tp + fp);
      tp0 = tp;
    }
  }
  const [positives, negatives] = [tp, fp];
  if (positives === 0 || negatives === 0) return null;
  let value: number;
  if (auc) {
    let area = 0;
    let [t0, f0] = [0, 0];
    for (let g = 0; g < groups; g++) {
      area += ((groupFp[g]! - f0) * (groupTp[g]! + t0)) / 2;
      [t0, f0] = [groupTp[g]!, groupFp[g]!];
    }
    value = area / (positives * negatives);
  } else value = sum / positives;
  if (coef === 0) return value;

  // Backward: suffix sums over thresholds t ≥ g of a_t·FP_t/N_t² and a_t·TP_t/N_t² (a_t = positives at threshold t,
  // N_t = TP_t + FP_t), which is how one row's weight moves every precision at and after its own threshold.
  let suffixFp = 0;
  let suffixTp = 0;
  let g = groups;
  let [dPositive, dNegative] = [0, 0];
  for (let j = end - 1; j >= start; j--) {
    const f = flags[j]!;
    if (f & TIE_END) {
      g--;
      const [t, fpg] = [groupTp[g]!, groupFp[g]!];
      const [tPrev, fPrev] = g > 0 ? [groupTp[g - 1]!, groupFp[g - 1]!] : [0, 0];
      if (auc) {
        // AUC·P·N = Σ over (positive, negative) pairs ranked right, ties counting one half.
        const pairsPositive = negatives - fpg + (fpg - fPrev) / 2;
        const pairsNegative = (t + tPrev) / 2;
        dPositive = (pairsPositive - value * negatives) / (positives * negatives);
        dNegative = (pairsNegative - value * positives) / (positives * negatives);
      } else {
        const n2 = (t + fpg) * (t + fpg);
        suffixFp += ((t - tPrev) * fpg) / n2;
        suffixTp += ((t - tPrev) * t) / n2;
        // AP = S/P: a positive adds its threshold's precision to S and raises every later TP; P grows by one.
        dPositive = (t / (t + fpg) + suffixFp - value) / positives;
        dNegative = -suffixTp / positives;
      }
    }
    const d = f & POSITIVE ? dPositive : dNegative;
    out[positions === null ? j : positions[j]!]! += coef * d;
  }
  return value;
}

/** Standard normal CDF (erfc by Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Each window's value and coefficient ∂(decayed score)/∂M_k for one model, given which windows are defined. */
function windowCoefficients(values: (number | null)[], gamma: number, normalize: boolean): number[] {
  let total = 0;
  for (const [k, v] of values.entries()) if (v !== null) total += gamma ** k;
  return values.map((v, k) => (v === null ? 0 : normalize ? gamma ** k / total : gamma ** k));
}

/**
 * The influence of every evaluated row (in the challenger's order) on the paired improvement D, and D's parts:
 * U_j = ∂D/∂w_j at w = 1. Ranking plans only.
 */
export function improvementInfluence(plan: BootstrapPlan): {
  influence: Float64Array;
  champion: number | null;
  challenger: number | null;
} {
  const ranking = plan.ranking;
  if (!ranking) throw new Error('influence: only ranking metrics (average precision, ROC AUC)');
  const { windowStarts, challenger, champion, championPositions } = ranking;
  const auc = plan.spec.name === 'roc-auc';
  const n = windowStarts[plan.windowCount]!;
  let widest = 0;
  for (let k = 0; k < plan.windowCount; k++)
    widest = Math.max(widest, windowStarts[k + 1]! - windowStarts[k]!);
  const scratch = { tp: new Float64Array(widest), fp: new Float64Array(widest) };
  // Pass 1 finds which windows are defined (the coefficients depend on it under `normalize`); pass 2 weights them.
  const sink = new Float64Array(0);
  const values = (flags: Uint8Array, positions: Uint32Array | null) =>
    Array.from({ length: plan.windowCount }, (_, k) =>
      rankingInfluence(auc, flags, positions, windowStarts[k]!, windowStarts[k + 1]!, 0, sink, scratch),
    );
  const challValues = values(challenger, null);
  const champValues = values(champion, championPositions);
  const challCoef = windowCoefficients(challValues, plan.gamma, plan.normalize);
  const champCoef = windowCoefficients(champValues, plan.gamma, plan.normalize);
  // improvement(spec, a, b) is linear: its sign says which way a gain in the challenger's metric counts.
  const sign = improvement(plan.spec, 1, 0);
  const influence = new Float64Array(n);
  for (let k = 0; k < plan.windowCount; k++) {
    const [s, e] = [windowStarts[k]!, windowStarts[k + 1]!];
    if (challCoef[k]) rankingInfluence(auc, challenger, null, s, e, sign * challCoef[k]!, influence, scratch);
    if (champCoef[k])
      rankingInfluence(auc, champion, championPositions, s, e, -sign * champCoef[k]!, influence, scratch);
  }
  return {
    influence,
    challenger: gammaWeightedScore(challValues, plan.gamma, plan.normalize),
    champion: gammaWeightedScore(champValues, plan.gamma, plan.normalize),
  };
}

/**
 * The influence-function interval of a ranking plan, in the bootstrap's terms: D ± z·SE with SE² = Σ U_j², the
 * share of resamples in the challenger's favour as Φ(D/SE), and no resample drawn.
 */
export function influenceInterval(plan: BootstrapPlan): BootstrapResult {
  const { influence, challenger, champion } = improvementInfluence(plan);
  const base = { resamples: 0, undefined_resamples: 0, seed: plan.seed, method: 'influence' as const };
  if (challenger === null || champion === null)
    return { ...base, low: null, high: null, share_challenger_better: null, standard_error: null };
  const d = improvement(plan.spec, challenger, champion);
  let ss = 0;
  for (const u of influence) ss += u * u;
  const se = Math.sqrt(ss);
  // SE 0 (the same ranking for both models): every resample gives D itself, so the share is all or none.
  const share = se > 0 ? normalCdf(d / se) : d > 0 ? 1 : 0;
  return {
    ...base,
    low: d - Z975 * se,
    high: d + Z975 * se,
    share_challenger_better: share,
    standard_error: se,
  };
}

/** The `bootstrap-method` input: `auto` picks per evaluation (see chooseIntervalMethod). */
export type IntervalMethodSetting = 'auto' | IntervalMethod;
export const INTERVAL_METHODS: IntervalMethodSetting[] = ['auto', 'poisson', 'influence'];

/**
 * When `auto` takes the influence interval: evaluated rows and, in every window the metric scores, positives and
 * negatives each at least this many; for average precision also positives at least 1 % of every scored window.
 * Decided by simulation (bench/decisions-intervals.ts, bench/RESULTS.md "Interval methods"): from there on its
 * standard error, endpoints and share match 1000 Poisson resamples within the resampling's own Monte Carlo error.
 * With tens of positives per window they drift apart, and at a 0.5 % positive rate average precision's
 * linearisation gives a standard error 6–7 % below the resampled one even at 1 M rows (1–2 %: within 2.5 %). Below
 * the row floor the resampling costs under a second, so small evaluations keep today's numbers.
 */
export const INFLUENCE_MIN_ROWS = 50_000;
export const INFLUENCE_MIN_PER_CLASS = 200;
export const AP_MIN_POSITIVE_RATE = 0.01;

/** Which interval an evaluation gets, and why (stated in the result and the report). */
export function chooseIntervalMethod(
  setting: IntervalMethodSetting,
  spec: MetricSpec,
  windows: Uint32Array[],
  labels: Float64Array,
): { method: IntervalMethod; reason: string } {
  if (setting !== 'auto') return { method: setting, reason: `bootstrap-method: ${setting}` };
  if (spec.kind !== 'ranking')
    return {
      method: 'poisson',
      reason: `bootstrap-method auto: ${spec.name} is resampled (the influence interval covers average-precision and roc-auc)`,
    };
  let rows = 0;
  let fewest = Number.POSITIVE_INFINITY;
  let lowestRate = 1;
  for (const w of windows) {
    let positives = 0;
    for (const r of w) if (labels[r] === 1) positives++;
    rows += w.length;
    // A window with one class is left out of the score by both methods.
    if (positives === 0 || positives === w.length) continue;
    fewest = Math.min(fewest, positives, w.length - positives);
    lowestRate = Math.min(lowestRate, positives / w.length);
  }
  const ap = spec.name === 'average-precision';
  const count = (n: number) => n.toLocaleString('en-US');
  const rate = ap ? `, positives at least ${Number((lowestRate * 100).toPrecision(2))} % of each` : '';
  const sample = `${count(rows)} rows, at least ${Number.isFinite(fewest) ? count(fewest) : 0} of each class in every scored window${rate}`;
  const rule = `influence from ${count(INFLUENCE_MIN_ROWS)} rows and ${count(INFLUENCE_MIN_PER_CLASS)} of each class per window${ap ? `, positives at least ${AP_MIN_POSITIVE_RATE * 100} %` : ''}`;
  const large =
    rows >= INFLUENCE_MIN_ROWS &&
    Number.isFinite(fewest) &&
    fewest >= INFLUENCE_MIN_PER_CLASS &&
    (!ap || lowestRate >= AP_MIN_POSITIVE_RATE);
  return large
    ? { method: 'influence', reason: `bootstrap-method auto: ${sample} (${rule})` }
    : { method: 'poisson', reason: `bootstrap-method auto: ${sample}, resampled (${rule})` };
}
