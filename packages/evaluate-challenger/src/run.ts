import { join, resolve } from 'node:path';
import {
  type EvaluationInput,
  type EvaluationResult,
  evaluateChampionChallenger,
  evaluationBootstrap,
  latestTimestamp,
  UserError,
} from '@mlops-actions/core';
import { writeFileAtomic } from '@mlops-actions/data';
import {
  type ActionDeps,
  type ActionResult,
  logProgress,
  runProvenance,
  upsertStickyCommentOrWarn,
} from '@mlops-actions/github';
import { threadCount } from '@mlops-actions/parallel';
import { renderEvaluationHtml, renderEvaluationReport } from '@mlops-actions/report';
import { type EngineRun, evaluateOnAthena, usesAthena } from './athena.js';
import { parallelBootstrap } from './bootstrap.js';
import { decisionSettings, type EvaluateInputs } from './inputs.js';
import { loadJoined } from './joined.js';
import { recordEvaluation } from './ledger.js';
import { reportOnIssue } from './notify.js';

/** The files path: rows streamed into typed columns, joined, scored and bootstrapped on the runner. */
async function evaluateRows(inputs: EvaluateInputs, deps: ActionDeps) {
  const data = await loadJoined(inputs, deps);
  if (data.stats.joined_rows === 0) {
    throw new UserError(
      `No predictions to evaluate in ${JSON.stringify(inputs.challenger)}: the input has a header but no rows.`,
    );
  }
  const asOf = inputs.asOf ?? latestTimestamp(data.timestamps);
  // Long steps say how far they got (at least every 10 s) instead of running silently for minutes.
  const progress = {
    windows: logProgress(deps, 'Scoring windows', 'window scores'),
    slices: logProgress(deps, 'Scoring slices', 'slice values'),
    bootstrap: logProgress(deps, 'Bootstrap', 'resamples'),
  };
  const evaluation: EvaluationInput = {
    ...decisionSettings(inputs),
    plan: { asOf, windowMs: inputs.windowMs, maxWindows: inputs.maxWindows },
    timestamps: data.timestamps,
    challenger: { labels: data.labels, scores: data.challengerScores, groups: data.group?.codes },
    champion: data.championScores
      ? { labels: data.labels, scores: data.championScores, groups: data.group?.codes }
      : undefined,
    groupCount: data.group?.values.length,
    slices: data.slices,
    bootstrap: { resamples: inputs.bootstrap, seed: inputs.seed },
    progress: (step, done, total) => progress[step](done, total),
  };
  // The bootstrap runs first, over worker threads; the rest of the evaluation uses its result.
  const request = evaluationBootstrap(evaluation);
  const threads = threadCount();
  if (request)
    deps.logger.info(`Resampling on ${threads} thread(s): ${request.resamples} bootstrap resamples.`);
  const bootstrapped = request
    ? await parallelBootstrap({ ...request, onProgress: progress.bootstrap }, threads)
    : undefined;
  const outcome = evaluateChampionChallenger({
    ...evaluation,
    bootstrap: { ...evaluation.bootstrap, result: bootstrapped },
  });
  return { outcome, asOf, stats: data.stats, engine: undefined };
}

/** The summary line of an Athena run: bytes scanned and the cost at $5 per TB (billed per MB, at least 10 MB). */
function engineLine(engine: EngineRun): string {
  const billed = Math.max(Math.ceil(engine.bytesScanned / 1e6), 10) * 1e6;
  const cost = (billed / 1e12) * 5;
  return `\n\nAthena query \`${engine.executionId}\`${engine.reused ? ' (reused from an earlier attempt of this run, not paid again)' : ''}: ${(engine.bytesScanned / 1e9).toFixed(2)} GB scanned, about $${cost.toFixed(cost < 0.01 ? 4 : 2)} at $5/TB.\n`;
}

/** evaluate-challenger: score both models per window, decide, and publish the report where the run can show it. */
export async function evaluateChallenger(inputs: EvaluateInputs, deps: ActionDeps): Promise<ActionResult> {
  const { logger, context } = deps;
  const evaluated = usesAthena(inputs)
    ? await evaluateOnAthena(inputs, deps)
    : await evaluateRows(inputs, deps);
  const { outcome, asOf, engine } = evaluated;
  const now = deps.now();
  const result: EvaluationResult = {
    schema_version: 1,
    kind: 'evaluation',
    metric: inputs.metric.name,
    metric_reference: inputs.metric.reference,
    higher_is_better: inputs.metric.higherIsBetter,
    gamma: inputs.gamma,
    normalize: inputs.normalize,
    window: inputs.windowText,
    max_windows: inputs.maxWindows,
    as_of: new Date(asOf).toISOString(),
    ...(inputs.metric.threshold !== undefined ? { threshold: inputs.metric.threshold } : {}),
    min_improvement: inputs.minImprovement,
    ...outcome,
    data: evaluated.stats,
    inputs: {
      champion: inputs.champion ?? null,
      challenger: inputs.challenger,
      id_column: inputs.columns.id,
      timestamp_column: inputs.columns.timestamp,
      label_column: inputs.columns.label,
      champion_score_column: inputs.columns.championScore,
      challenger_score_column: inputs.columns.challengerScore,
      group_column: inputs.columns.group ?? null,
      slice_columns: inputs.columns.slices.join(','),
      guard_slices: inputs.guardSlices.join(','),
      max_slice_regression: inputs.maxSliceRegression,
      bootstrap: inputs.bootstrap,
      seed: inputs.seed,
      min_confidence: inputs.minConfidence,
      decision_rule: inputs.decisionRule,
      min_relative_improvement: inputs.minRelativeImprovement,
      min_join_rate: inputs.minJoinRate,
    },
    ...(inputs.modelPackageArn ? { model_package_arn: inputs.modelPackageArn } : {}),
    run: runProvenance(context),
    created_at: now.toISOString(),
  };
  logger.info(`${result.decision === 'promote' ? 'Promote' : 'Keep'}: ${result.reason}`);
  for (const w of result.challenger.windows) {
    if (w.value === null)
      logger.info(`Window ${w.k} (${w.start.slice(0, 10)} to ${w.end.slice(0, 10)}) skipped: ${w.skipped}`);
  }

  // The action always keeps the file for its result-json output; the CLI writes it only when asked.
  const resultPath = inputs.resultPath ? resolve(inputs.resultPath) : '';
  if (resultPath) await writeFileAtomic(resultPath, `${JSON.stringify(result, null, 2)}\n`);
  const report = renderEvaluationReport(result) + (engine ? engineLine(engine) : '');
  const reportPath = inputs.reportDir ? resolve(join(inputs.reportDir, 'evaluation-report.html')) : '';
  if (reportPath) await writeFileAtomic(reportPath, renderEvaluationHtml(result));

  let commentUrl = '';
  if (inputs.commentOnPr && context.pullRequestNumber && context.repository) {
    if (!deps.github) {
      logger.warning(
        'No GitHub token: the pull-request comment was skipped (the report is in the job summary).',
      );
    } else {
      const comment = await upsertStickyCommentOrWarn(
        deps.github,
        {
          ...context.repository,
          issueNumber: context.pullRequestNumber,
          header: inputs.commentHeader,
          action: 'evaluate-challenger',
        },
        report,
        (message) => logger.warning(message),
      );
      if (comment) {
        commentUrl = comment.url;
        logger.info(`Pull-request comment ${comment.action}: ${comment.url}`);
      }
    }
  }

  if (inputs.ledger) await recordEvaluation(inputs.ledger, result, inputs.commentHeader, deps);
  const issueUrl = await reportOnIssue(inputs, result, report, deps);

  return {
    outputs: {
      decision: result.decision,
      reason: result.reason,
      'champion-score': result.champion?.score ?? '',
      'challenger-score': result.challenger.score ?? '',
      'result-json': resultPath,
      'report-path': reportPath,
      'comment-url': commentUrl,
      'issue-url': issueUrl,
    },
    summary: report,
    result,
    failure:
      inputs.failOnKeep && result.decision === 'keep'
        ? `Decision is keep (fail-on-keep): ${result.reason}`
        : undefined,
  };
}
