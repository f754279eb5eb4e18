import type { EvaluationResult } from '@mlops-actions/core';
import { type ActionDeps, runMarker, upsertTrackingIssue } from '@mlops-actions/github';
import { inlineCode } from '@mlops-actions/report';
import type { EvaluateInputs } from './inputs.js';

/**
 * The tracking issue of `issue-label`: where a run without a pull request (retraining) leaves its comparison for a
 * person to decide on, with the model package to promote. Returns the issue's URL, or '' when none was written.
 */
export async function reportOnIssue(
  inputs: EvaluateInputs,
  result: EvaluationResult,
  report: string,
  deps: ActionDeps,
): Promise<string> {
  const { context, logger } = deps;
  if (!inputs.issueLabel) return '';
  if (!deps.github || !context.repository) {
    logger.warning(
      'No GitHub token or repository: the tracking issue was skipped (the report is in the job summary).',
    );
    return '';
  }
  const pkg = result.model_package_arn;
  const next = pkg
    ? result.decision === 'promote'
      ? `To promote it, run the promotion workflow with model-package ${inlineCode(pkg)}.`
      : `Model package ${inlineCode(pkg)} stays registered; promotion refuses it unless forced.`
    : '';
  const issue = await upsertTrackingIssue(
    deps.github,
    {
      ...context.repository,
      action: 'evaluate-challenger',
      header: inputs.commentHeader,
      label: inputs.issueLabel,
      title: `Challenger evaluation: ${result.decision === 'promote' ? 'ready to promote' : 'champion kept'}`,
      runMarker: runMarker(context),
    },
    next ? `${report}\n\n${next}\n` : report,
  );
  logger.info(`Tracking issue #${issue.number}: ${issue.action}`);
  return issue.url;
}
