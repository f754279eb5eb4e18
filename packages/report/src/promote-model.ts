import { type LedgerRecord, type PromotionPlan, shortPackage } from '@mlops-actions/core';
import { escapeMarkdown, inlineCode } from './escape.js';

/**
 * The steps a promotion plan takes, in order, as sentences (the dry-run shows exactly these). `name` formats each
 * name or path in them: plain for the log, a code span for Markdown (names come from inputs and the registry).
 */
export function promotionSteps(plan: PromotionPlan, name: (text: string) => string = (t) => t): string[] {
  if (plan.kind !== 'change') return [];
  const pkg = (arn: string) => name(shortPackage(arn));
  const steps: string[] = [];
  if (plan.approve)
    steps.push(
      `approve ${pkg(plan.approve.arn)} in the registry${plan.approve.previous ? ` (recording ${pkg(plan.approve.previous)} as the model it replaces)` : ''}`,
    );
  if (plan.reject)
    steps.push(`reject ${pkg(plan.reject.arn)} so that ${pkg(plan.candidate.arn)} is the newest approved`);
  const r = plan.rollout;
  if (r)
    steps.push(
      `create model ${name(r.model)} and endpoint config ${name(r.endpointConfig)}`,
      `${r.create ? 'create' : 'update'} endpoint ${name(r.endpoint)} (${r.create ? 'new endpoint' : r.deployment}) and wait until it is InService`,
    );
  if (plan.ledger) steps.push(`record the ${plan.action} in the ledger ${name(plan.ledger)}`);
  return steps;
}

/** The job summary of a promotion: status, the note, and which package replaces which where. */
export function renderPromotion(
  plan: PromotionPlan,
  o: { status: string; note: string; endpointConfig: string },
): string {
  const rows: [string, string][] = [
    ['Model package', `\`${shortPackage(plan.candidate.arn)}\``],
    ['Previous production', `\`${shortPackage(plan.production)}\``],
    [
      'Target',
      plan.target === 'endpoint' ? `endpoint \`${plan.endpointName}\` (${plan.deployment})` : 'registry only',
    ],
  ];
  if (o.endpointConfig) rows.push(['Endpoint config', `\`${o.endpointConfig}\``]);
  const out = [
    `### ${plan.action === 'rollback' ? 'Rollback' : 'Promotion'}: ${o.status}`,
    '',
    escapeMarkdown(o.note),
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`),
  ];
  const steps = o.status === 'dry-run' ? promotionSteps(plan, inlineCode) : [];
  if (steps.length)
    out.push('', '**Planned steps** (none taken):', '', ...steps.map((s, i) => `${i + 1}. ${s}`));
  return `${out.join('\n')}\n`;
}

/** A group's promotion ledger as a Markdown table, newest first. */
export function renderPromotionHistory(group: string, records: LedgerRecord[]): string {
  const lines = [
    `### Promotion history of ${escapeMarkdown(group)}`,
    '',
    '| When | Action | From | To | Who | Outcome |',
    '| --- | --- | --- | --- | --- | --- |',
    ...records.map(
      (r) =>
        `| ${r.finished_at} | ${r.action} | ${shortPackage(r.from)} | ${shortPackage(r.to)} | ${escapeMarkdown(r.actor ?? '–')} | ${r.outcome}${r.error ? `: ${escapeMarkdown(r.error)}` : ''} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
