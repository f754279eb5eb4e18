import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { parseMetric } from '../metrics/registry.js';
import type { PerformanceWindow } from './result.js';
import { baselineFromEvaluation, decideRetrain } from './retrain.js';

const auc = parseMetric('roc-auc');
const rmse = parseMetric('rmse');
const window = (value: number | null): PerformanceWindow => ({
  k: 0,
  start: '2026-11-15T00:00:00.000Z',
  end: '2026-11-22T00:00:00.000Z',
  rows: 100,
  labeled: 100,
  coverage: 1,
  value,
});
const where = 'the latest scored window (2026-11-15 – 2026-11-22)';

describe('decideRetrain', () => {
  it('retrains below min-metric, saying which rule fired and on which window', () => {
    const d = decideRetrain({ metric: auc, minMetric: 0.7, maxDrop: undefined }, window(0.65), null);
    expect(d.retrain).toBe(true);
    expect(d.reason).toBe(
      `Retrain: min-metric: roc-auc 0.65 in ${where} is worse than min-metric 0.7 (higher is better).`,
    );
    expect(d.checks).toEqual([{ rule: 'min-metric', value: 0.65, limit: 0.7, fired: true }]);
    expect(d.window?.k).toBe(0);
  });

  it('turns the direction for lower-is-better metrics', () => {
    const rules = { metric: rmse, minMetric: 2, maxDrop: undefined };
    expect(decideRetrain(rules, window(1.5), null).retrain).toBe(false);
    expect(decideRetrain(rules, window(2.5), null).reason).toMatch(
      /worse than min-metric 2 \(lower is better\)/,
    );
  });

  it('retrains when the drop from the baseline exceeds max-drop, naming the baseline source', () => {
    const baseline = { value: 0.8, source: 'eval.json (champion)' };
    const d = decideRetrain({ metric: auc, minMetric: 0.5, maxDrop: 0.05 }, window(0.7), baseline);
    expect(d.retrain).toBe(true);
    expect(d.checks.map((c) => [c.rule, c.fired])).toEqual([
      ['min-metric', false],
      ['max-drop', true],
    ]);
    expect(d.checks[1]).toMatchObject({ drop: expect.closeTo(0.1, 12), baseline });
    expect(d.reason).toBe(
      `Retrain: max-drop: roc-auc 0.7 in ${where} is 0.1 worse than the baseline 0.8 from eval.json (champion), more than max-drop 0.05.`,
    );
  });

  it('says what was checked when nothing fires', () => {
    const d = decideRetrain({ metric: auc, minMetric: 0.5, maxDrop: 0.2 }, window(0.7), {
      value: 0.8,
      source: 'baseline-metric',
    });
    expect(d).toMatchObject({ retrain: false });
    expect(d.reason).toBe(
      `No retraining: roc-auc 0.7 in ${where} is within min-metric 0.5 and baseline 0.8 - max-drop 0.2.`,
    );
  });

  it('without rules or without a scored window: no retraining, and why', () => {
    expect(
      decideRetrain({ metric: auc, minMetric: undefined, maxDrop: undefined }, window(0.7), null).reason,
    ).toBe(`No retraining rule is configured (roc-auc 0.7 in ${where}).`);
    expect(decideRetrain({ metric: auc, minMetric: 0.5, maxDrop: undefined }, window(null), null)).toEqual({
      retrain: false,
      reason: 'No retraining: no window had enough labelled outcomes to check the retraining rules.',
      window: null,
      checks: [],
    });
    expect(decideRetrain({ metric: auc, minMetric: undefined, maxDrop: undefined }, null, null).reason).toBe(
      'No retraining: no retraining rule is configured.',
    );
  });
});

describe('baselineFromEvaluation', () => {
  const evaluation = (decision: string) => ({
    kind: 'evaluation',
    metric: 'roc-auc',
    decision,
    champion: { score: 0.7 },
    challenger: { score: 0.8 },
  });

  it('takes the promoted challenger, else the champion', () => {
    expect(baselineFromEvaluation(evaluation('promote'), 'e.json', 'roc-auc')).toEqual({
      value: 0.8,
      source: 'e.json (promoted challenger)',
    });
    expect(baselineFromEvaluation(evaluation('keep'), 'e.json', 'roc-auc')).toEqual({
      value: 0.7,
      source: 'e.json (champion)',
    });
  });

  it('refuses another kind of document, another metric, or a missing score, naming the file', () => {
    expect(() => baselineFromEvaluation({ kind: 'drift-report' }, 'd.json', 'roc-auc')).toThrow(
      'Input "baseline-metric": d.json is neither a number nor an evaluate-challenger result JSON.',
    );
    expect(() => baselineFromEvaluation(null, 'd.json', 'roc-auc')).toThrow(UserError);
    expect(() => baselineFromEvaluation(evaluation('keep'), 'e.json', 'rmse')).toThrow(
      /e\.json scored roc-auc, but this report uses rmse/,
    );
    expect(() =>
      baselineFromEvaluation({ ...evaluation('keep'), champion: null }, 'e.json', 'roc-auc'),
    ).toThrow(/e\.json has no score for the production model/);
  });
});
