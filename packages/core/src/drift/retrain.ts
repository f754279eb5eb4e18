import { UserError } from '../errors.js';
import { improvement, isBetter, type MetricSpec } from '../metrics/registry.js';
import { evaluationVerdict, productionScore } from '../promotion/verdict.js';
import type { PerformanceWindow } from './result.js';

const fmt = (v: number) => Number(v.toPrecision(6)).toString();

/** The metric the production model had when it went live, and where that number came from. */
export interface Baseline {
  value: number;
  source: string;
}

/** The retraining rules of drift-report: an absolute floor, and a largest drop from the baseline. */
export interface RetrainRules {
  metric: MetricSpec;
  minMetric: number | undefined;
  maxDrop: number | undefined;
}

/** One rule checked against the latest scored window. */
type RetrainCheck =
  | { rule: 'min-metric'; value: number; limit: number; fired: boolean }
  | { rule: 'max-drop'; value: number; baseline: Baseline; drop: number; limit: number; fired: boolean };

/** Whether to retrain, why (one sentence for logs and outputs), and the checks behind it. */
export interface RetrainDecision {
  retrain: boolean;
  reason: string;
  /** The window the rules were checked on (null when none was scored). */
  window: PerformanceWindow | null;
  checks: RetrainCheck[];
}

/** Check the rules on the latest scored window; without one (or without rules) there is no retraining. */
export function decideRetrain(
  rules: RetrainRules,
  latest: PerformanceWindow | null,
  baseline: Baseline | null,
): RetrainDecision {
  const { metric, minMetric, maxDrop } = rules;
  const name = metric.name;
  if (!latest || latest.value === null) {
    const why =
      minMetric !== undefined || baseline
        ? 'no window had enough labelled outcomes to check the retraining rules'
        : 'no retraining rule is configured';
    return { retrain: false, reason: `No retraining: ${why}.`, window: null, checks: [] };
  }
  const value = latest.value;
  const checks: RetrainCheck[] = [];
  if (minMetric !== undefined)
    checks.push({ rule: 'min-metric', value, limit: minMetric, fired: isBetter(metric, minMetric, value) });
  if (baseline && maxDrop !== undefined) {
    const drop = improvement(metric, baseline.value, value);
    checks.push({ rule: 'max-drop', value, baseline, drop, limit: maxDrop, fired: drop > maxDrop });
  }
  // With retrain-on-estimated the window may be one whose labels are not in yet: its value is then the estimate.
  const kind =
    latest.estimated && latest.skipped
      ? 'window, estimated from its scores (CBPE, labels not in yet)'
      : 'scored window';
  const where = `the latest ${kind} (${latest.start.slice(0, 10)} – ${latest.end.slice(0, 10)})`;
  const fired = checks.filter((c) => c.fired);
  let reason: string;
  if (fired.length) {
    const because = fired.map((c) =>
      c.rule === 'min-metric'
        ? `min-metric: ${name} ${fmt(value)} in ${where} is worse than min-metric ${fmt(c.limit)} (${metric.higherIsBetter ? 'higher' : 'lower'} is better)`
        : `max-drop: ${name} ${fmt(value)} in ${where} is ${fmt(c.drop)} worse than the baseline ${fmt(c.baseline.value)} from ${c.baseline.source}, more than max-drop ${fmt(c.limit)}`,
    );
    reason = `Retrain: ${because.join('; ')}.`;
  } else if (checks.length) {
    const within = checks.map((c) =>
      c.rule === 'min-metric'
        ? `min-metric ${fmt(c.limit)}`
        : `baseline ${fmt(c.baseline.value)} - max-drop ${fmt(c.limit)}`,
    );
    reason = `No retraining: ${name} ${fmt(value)} in ${where} is within ${within.join(' and ')}.`;
  } else reason = `No retraining rule is configured (${name} ${fmt(value)} in ${where}).`;
  return { retrain: fired.length > 0, reason, window: latest, checks };
}

/**
 * The baseline from an evaluate-challenger result: the score of the production model after that evaluation (the
 * challenger when it was promoted, else the champion). `path` and the metric name make the errors specific.
 */
export function baselineFromEvaluation(doc: unknown, path: string, metric: string): Baseline {
  const verdict = evaluationVerdict(doc);
  if (!verdict)
    throw new UserError(
      `Input "baseline-metric": ${path} is neither a number nor an evaluate-challenger result JSON.`,
    );
  if (verdict.metric !== metric)
    throw new UserError(
      `Input "baseline-metric": ${path} scored ${verdict.metric}, but this report uses ${metric}.`,
      { hint: 'Use the same `metric` in both actions.' },
    );
  const { score, promoted } = productionScore(verdict);
  if (score === null)
    throw new UserError(`Input "baseline-metric": ${path} has no score for the production model.`);
  return { value: score, source: `${path} (${promoted ? 'promoted challenger' : 'champion'})` };
}
