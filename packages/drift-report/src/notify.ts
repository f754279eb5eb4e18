import type { DriftResult } from '@mlops-actions/core';
import {
  type ActionDeps,
  dispatchWorkflow,
  runMarker,
  upsertStickyCommentOrWarn,
  upsertTrackingIssue,
} from '@mlops-actions/github';
import { driftIssueTitle, renderDriftIssue } from '@mlops-actions/report';
import type { DriftInputs } from './inputs.js';

/**
 * drift-report's GitHub effects: the sticky comment on a pull request, the one tracking issue when the report
 * calls for attention (retrain or dataset drift), and the retraining workflow's dispatch when it says retrain.
 */
export async function notifyGitHub(
  inputs: DriftInputs,
  result: DriftResult,
  summary: string,
  deps: ActionDeps,
  onWarning: (message: string) => void,
): Promise<void> {
  const { context, logger } = deps;
  const repo = context.repository;
  const attention = result.retrain || result.dataset_drift;
  if (!deps.github || !repo) {
    if ((inputs.issueOnDrift || inputs.dispatchWorkflow) && attention)
      onWarning('No GitHub token or repository: the tracking issue and dispatch were skipped.');
    return;
  }
  if (inputs.commentOnPr && context.pullRequestNumber)
    await upsertStickyCommentOrWarn(
      deps.github,
      {
        ...repo,
        issueNumber: context.pullRequestNumber,
        action: 'drift-report',
        header: inputs.commentHeader,
      },
      summary,
      onWarning,
    );
  if (inputs.issueOnDrift && attention) {
    const issue = await upsertTrackingIssue(
      deps.github,
      {
        ...repo,
        action: 'drift-report',
        header: inputs.commentHeader,
        label: inputs.issueLabel,
        title: driftIssueTitle(result),
        runMarker: runMarker(context),
      },
      renderDriftIssue(result, summary),
    );
    logger.info(`Tracking issue #${issue.number}: ${issue.action}`);
  }
  if (result.retrain && inputs.dispatchWorkflow) {
    const dispatch = await dispatchWorkflow(deps.github, {
      ...repo,
      workflow: inputs.dispatchWorkflow,
      ref: inputs.dispatchRef,
      inputs: {},
      runId: context.runId || undefined,
    });
    if (dispatch.action === 'already-started')
      logger.info(
        `${inputs.dispatchWorkflow} on ${dispatch.ref} was already started since this run began (${dispatch.createdAt}: ${dispatch.url}); not dispatched again.`,
      );
    else logger.info(`Started ${inputs.dispatchWorkflow} on ${dispatch.ref} through workflow_dispatch.`);
    if (dispatch.action === 'dispatched-unchecked')
      onWarning(`Dispatched without a re-run check: ${dispatch.reason}.`);
  }
}
