import { describe, expect, it } from 'vitest';
import { finishRecord, ledgerRecordName, previousFromLedger } from './ledger.js';
import { type PromotionFacts, planPromotion } from './plan.js';

const arn = (v: number) => `arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/${v}`;

function facts(over: Partial<PromotionFacts> = {}): PromotionFacts {
  return {
    group: 'purchases',
    rollback: false,
    target: 'endpoint',
    endpointName: 'purchases-prod',
    deployment: 'canary',
    candidate: { arn: arn(2), version: 2, approval: 'PendingManualApproval' },
    production: arn(1),
    endpoint: { status: 'InService', config: 'purchases-prod-v1-aaaaaaaa' },
    evaluation: undefined,
    force: false,
    executionRoleArn: 'arn:aws:iam::123456789012:role/sm',
    names: { model: 'purchases-v2', endpointConfig: 'purchases-prod-v2-bbbbbbbb' },
    ledger: 's3://ml/ledger',
    provenance: {
      actor: 'octocat',
      runUrl: 'https://github.com/o/r/actions/runs/1',
      reason: 'better',
      repository: 'o/r',
      runId: '1',
      runAttempt: 1,
      sha: 'abc',
    },
    ...over,
  };
}

const keep = {
  decision: 'keep',
  metric: 'average-precision',
  champion: 0.81,
  challenger: 0.78,
  source: 'eval.json',
};

describe('planPromotion', () => {
  it('a promotion to an endpoint: approve (recording the model it replaces), roll out, record', () => {
    const plan = planPromotion(facts());
    expect(plan).toMatchObject({
      kind: 'change',
      action: 'promote',
      description: 'Promoted by octocat in https://github.com/o/r/actions/runs/1: better',
      approve: { arn: arn(2), previous: arn(1) },
      reject: null,
      rollout: {
        endpoint: 'purchases-prod',
        model: 'purchases-v2',
        endpointConfig: 'purchases-prod-v2-bbbbbbbb',
        create: false,
        deployment: 'canary',
      },
      record: {
        action: 'promote',
        from: arn(1),
        to: arn(2),
        to_version: 2,
        endpoint_config: 'purchases-prod-v2-bbbbbbbb',
        model_name: 'purchases-v2',
        deployment: 'canary',
        evaluation: null,
        run: { repository: 'o/r', run_id: '1', run_attempt: 1, sha: 'abc' },
      },
      warnings: [],
    });
  });

  it('a new endpoint is created, not updated', () => {
    const plan = planPromotion(facts({ endpoint: undefined, production: null }));
    expect(plan).toMatchObject({ kind: 'change', rollout: { create: true }, approve: { previous: null } });
  });

  it('refuses what the evaluation decided to keep, with the scores; force promotes with a warning and records it', () => {
    const refused = planPromotion(facts({ evaluation: keep }));
    expect(refused).toMatchObject({
      kind: 'refused',
      reason:
        'Promotion refused: the evaluation (eval.json) decided "keep" (average-precision: challenger 0.78 vs champion 0.81).',
      hint: expect.stringMatching(/^Set force: true/),
    });
    const forced = planPromotion(facts({ evaluation: keep, force: true }));
    expect(forced.kind).toBe('change');
    expect(forced.warnings).toEqual([
      'The evaluation decided "keep" (average-precision: challenger 0.78 vs champion 0.81); promoting anyway because force: true.',
    ]);
    expect(forced).toMatchObject({ record: { evaluation: { decision: 'keep', forced: true } } });
  });

  it('a rollback is not gated by the evaluation', () => {
    expect(planPromotion(facts({ evaluation: keep, rollback: true })).kind).toBe('change');
  });

  it('nothing to do when the candidate is approved, in production and the endpoint InService', () => {
    const plan = planPromotion(
      facts({ production: arn(2), candidate: { arn: arn(2), version: 2, approval: 'Approved' } }),
    );
    expect(plan).toMatchObject({
      kind: 'unchanged',
      note: 'purchases/2 is already in production on purchases-prod; nothing changed.',
      endpointConfig: 'purchases-prod-v1-aaaaaaaa',
    });
  });

  it('the same package on an endpoint that is not InService is rolled out again', () => {
    const plan = planPromotion(
      facts({
        production: arn(2),
        candidate: { arn: arn(2), version: 2, approval: 'Approved' },
        endpoint: { status: 'Failed', config: 'c' },
      }),
    );
    expect(plan).toMatchObject({ kind: 'change', approve: { arn: arn(2), previous: null } });
  });

  it.each(['Creating', 'Updating', 'SystemUpdating', 'RollingBack', 'Deleting', 'UpdateRollbackFailed'])(
    'refuses while the endpoint is %s',
    (status) => {
      expect(planPromotion(facts({ endpoint: { status, config: 'c1' } }))).toMatchObject({
        kind: 'refused',
        reason: `Endpoint purchases-prod is ${status} (another deployment is in progress, on config c1).`,
        hint: expect.stringMatching(/concurrency:/),
      });
    },
  );

  it('refuses an endpoint rollout without an execution role', () => {
    expect(planPromotion(facts({ executionRoleArn: null }))).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/^Input "execution-role-arn" is required with target: endpoint/),
    });
  });

  it('a registry-only rollback rejects the current model so the earlier one is the newest approved', () => {
    const plan = planPromotion(
      facts({
        target: 'registry-only',
        endpointName: null,
        endpoint: undefined,
        rollback: true,
        production: arn(2),
        candidate: { arn: arn(1), version: 1, approval: 'Approved' },
        executionRoleArn: null,
      }),
    );
    expect(plan).toMatchObject({
      kind: 'change',
      action: 'rollback',
      approve: null,
      reject: {
        arn: arn(2),
        description: expect.stringMatching(/^Rolled back to by octocat .*\(rolled back from this model\)$/),
      },
      rollout: null,
      record: {
        target: 'registry-only',
        endpoint: null,
        endpoint_config: null,
        model_name: null,
        deployment: null,
      },
    });
  });
});

describe('ledger records', () => {
  it('finish a planned record with outcome and times; name it by time, action, version and run', () => {
    const plan = planPromotion(facts());
    if (plan.kind !== 'change') throw new Error('expected a change');
    const started = new Date('2026-11-24T12:00:00.123Z');
    const record = finishRecord(plan.record, {
      error: null,
      startedAt: started,
      finishedAt: new Date('2026-11-24T12:05:00Z'),
    });
    expect(record).toMatchObject({
      outcome: 'succeeded',
      error: null,
      started_at: '2026-11-24T12:00:00.123Z',
    });
    expect(
      finishRecord(plan.record, { error: 'boom', startedAt: started, finishedAt: started }).outcome,
    ).toBe('failed');
    expect(ledgerRecordName(plan.record, started, '1-1')).toBe(
      'purchases/20261124T120000Z-promote-v2-1-1.json',
    );
  });

  it('the model before the current one is the `from` of the newest successful promotion to it', () => {
    const plan = planPromotion(facts());
    if (plan.kind !== 'change') throw new Error('expected a change');
    const at = new Date(0);
    const ok = finishRecord(plan.record, { error: null, startedAt: at, finishedAt: at });
    const failed = finishRecord(
      { ...plan.record, from: arn(0) },
      { error: 'x', startedAt: at, finishedAt: at },
    );
    expect(previousFromLedger([failed, ok], arn(2))).toBe(arn(1));
    expect(previousFromLedger([failed], arn(2))).toBeUndefined();
  });
});
