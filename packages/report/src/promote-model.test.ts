import { type LedgerRecord, type PromotionFacts, planPromotion } from '@mlops-actions/core';
import { describe, expect, it } from 'vitest';
import { promotionSteps, renderPromotion, renderPromotionHistory } from './promote-model.js';

const arn = (v: number) => `arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/${v}`;
const facts: PromotionFacts = {
  group: 'purchases',
  rollback: true,
  target: 'registry-only',
  endpointName: null,
  deployment: 'all-at-once',
  candidate: { arn: arn(1), version: 1, approval: 'Approved' },
  production: arn(2),
  endpoint: undefined,
  evaluation: undefined,
  force: false,
  executionRoleArn: null,
  names: { model: '', endpointConfig: '' },
  ledger: 'ledger/`x` | [link](https://evil.example) @octocat',
  provenance: {
    actor: null,
    runUrl: null,
    reason: null,
    repository: null,
    runId: null,
    runAttempt: null,
    sha: null,
  },
};

describe('promote-model rendering', () => {
  it('lists the steps of a registry-only rollback in order, plain for the log', () => {
    expect(promotionSteps(planPromotion(facts))).toEqual([
      'reject purchases/2 so that purchases/1 is the newest approved',
      'record the rollback in the ledger ledger/`x` | [link](https://evil.example) @octocat',
    ]);
  });

  it('the dry-run summary shows each step once, names in code spans that data cannot break out of', () => {
    const md = renderPromotion(planPromotion(facts), {
      status: 'dry-run',
      note: 'Dry run: nothing changed.',
      endpointConfig: '',
    });
    expect(md).toContain('### Rollback: dry-run');
    expect(md).toContain('| Target | registry only |');
    expect(md).toContain('1. reject `purchases/2` so that `purchases/1` is the newest approved');
    expect(md).toContain(
      '2. record the rollback in the ledger ``ledger/`x` \\| [link](https://evil.example) @octocat``',
    );
    expect(md.match(/reject/g)).toHaveLength(1);
  });

  it('a summary after the run lists no planned steps; its note is escaped', () => {
    const md = renderPromotion(planPromotion(facts), {
      status: 'rolled-back',
      note: 'by <b>x</b>',
      endpointConfig: '',
    });
    expect(md).not.toContain('Planned steps');
    expect(md).toContain('by &#60;b&#62;x&#60;/b&#62;');
  });

  it('the history table escapes who and the error', () => {
    const record = {
      action: 'promote',
      from: arn(1),
      to: arn(2),
      actor: '@octocat',
      outcome: 'failed',
      error: 'a|b',
      finished_at: 't',
    } as LedgerRecord;
    const md = renderPromotionHistory('purchases', [record]);
    expect(md).toContain(
      '| t | promote | purchases/1 | purchases/2 | &#64;\u200doctocat | failed: a&#124;b |',
    );
  });
});
