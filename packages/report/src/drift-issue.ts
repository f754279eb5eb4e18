import type { DriftResult } from '@mlops-actions/core';
import { renderDriftSummary } from './drift.js';

/** Title of drift-report's tracking issue: what the run found (plain text, no data in it). */
export function driftIssueTitle(result: DriftResult): string {
  return `Model drift: ${result.retrain ? 'retraining advised' : 'dataset drift detected'}`;
}

/** Body of drift-report's tracking issue (or of a comment on it): the summary and a link to the workflow run. */
export function renderDriftIssue(result: DriftResult, summary = renderDriftSummary(result)): string {
  const link = result.run.run_url ? `[Workflow run](${encodeURI(result.run.run_url)})` : '';
  return `${summary}\n\n${link}`;
}
