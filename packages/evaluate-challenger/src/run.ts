import { join, resolve } from 'node:path';
import type { S3Location } from '@mlops-actions/aws';
import {
  checkInferredAsOf,
  type EvaluationInput,
  type EvaluationResult,
  evaluateChampionChallenger,
  evaluationBootstrap,
  LatestTimestamps,
  latestTimestamp,
  UserError,
} from '@mlops-actions/core';
import { writeFileAtomic } from '@mlops-actions/data';
import {
  type ActionDeps,
  type ActionResult,
  athenaCostLine,
  logProgress,
  runProvenance,
  upsertStickyCommentOrWarn,
} from '@mlops-actions/github';
import { threadCount } from '@mlops-actions/parallel';
import { renderEvaluationHtml, renderEvaluationReport } from '@mlops-actions/report';
import { evaluateOnAthena, usesAthena } from './athena.js';
import { parallelBootstrap } from './bootstrap.js';
import { decisionSettings, type EvaluateInputs } from './inputs.js';
import { loadJoined } from './joined.js';
import { recordEvaluation } from './ledger.js';
import { reportOnIssue } from './notify.js';

/** Upload the HTML report and the result JSON under the report-uri prefix, named for the run; their URIs. */
async function uploadReport(prefix: S3Location, result: EvaluationResult, html: string, deps: ActionDeps) {
  // Imported on use: a run on local files must not load the AWS SDK (start-up).
  const { publishUnder, reportStem } = await import('@mlops-actions/aws');
  const stem = reportStem('evaluation-report', deps.context, result.as_of);
  const [htmlUri, jsonUri] = await publishUnder(deps.aws.s3(), prefix, [
    { name: `${stem}.html`, body: html, contentType: 'text/html; charset=utf-8' },
    { name: `${stem}.json`, body: `${JSON.stringify(result, null, 2)}\n`, contentType: 'application/json' },
  ]);
  deps.logger.info(`Uploaded the HTML report to ${htmlUri} and the result to ${jsonUri}`);
  return { html: htmlUri!, json: jsonUri! };
}

/** The files path: rows streamed into typed columns, joined, scored and bootstrapped on the runner. */
async function evaluateRows(inputs: EvaluateInputs, deps: ActionDeps) {
  const seen = new LatestTimestamps();
  const data = await loadJoined(inputs, deps, seen);
  if (data.stats.joined_rows === 0) {
    throw new UserError(
      `No predictions to evaluate in ${JSON.stringify(inputs.challenger)}: the input has a header but no rows.`,
    );
  }
  const asOf = inputs.asOf ?? latestTimestamp(data.timestamps);
  // Only when the stray row made it through the join: an unjoined row does not set the as-of.
  if (inputs.asOf === undefined && seen.latest === asOf)
    checkInferredAsOf(seen, inputs.windowMs, inputs.windowText);
  // Long steps say how far they got (at least every 10 s) instead of running silently for minutes. Each reporter
  // starts with its step's first report, so its elapsed time and ETA leave out the steps before it.
  const steps = {
    windows: ['Scoring windows', 'window scores'],
    slices: ['Scoring slices', 'slice values'],
    bootstrap: ['Bootstrap', 'resamples'],
  } as const;
  const progress = new Map<keyof typeof steps, (done: number, total: number) => void>();
  const reportProgress = (step: keyof typeof steps, done: number, total: number) => {
    let reporter = progress.get(step);
    if (!reporter) {
      const [label, unit] = steps[step];
      reporter = logProgress(deps, label, unit);
      progress.set(step, reporter);
    }
    reporter(done, total);
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
    bootstrap: { resamples: inputs.bootstrap, seed: inputs.seed, method: inputs.bootstrapMethod },
    progress: reportProgress,
  };
  // The bootstrap runs first, over worker threads; the rest of the evaluation uses its result. Null when there is
  // nothing to resample, or when the influence interval (milliseconds, computed in the evaluation) replaces it.
  const request = evaluationBootstrap(evaluation);
  const threads = threadCount();
  if (request)
    deps.logger.info(`Resampling on ${threads} thread(s): ${request.resamples} bootstrap resamples.`);
  const bootstrapped = request
    ? await parallelBootstrap(
        { ...request, onProgress: (done, total) => reportProgress('bootstrap', done, total) },
        threads,
      )
    : undefined;
  const outcome = evaluateChampionChallenger({
    ...evaluation,
    bootstrap: { ...evaluation.bootstrap, result: bootstrapped },
  });
  if (outcome.bootstrap?.method === 'influence')
    deps.logger.info(
      `Influence-function interval (DeLong-type), no resampling: ${outcome.bootstrap.method_reason}; set bootstrap-method: poisson to resample.`,
    );
  return { outcome, asOf, stats: data.stats, engine: undefined };
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
      bootstrap_method: inputs.bootstrapMethod,
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
  const report = renderEvaluationReport(result) + (engine ? athenaCostLine([engine]) : '');
  const reportPath = inputs.reportDir ? resolve(join(inputs.reportDir, 'evaluation-report.html')) : '';
  const html = renderEvaluationHtml(result);
  if (reportPath) await writeFileAtomic(reportPath, html);
  const uploaded = inputs.reportUri ? await uploadReport(inputs.reportUri, result, html, deps) : undefined;

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
      'report-uri': uploaded?.html ?? '',
      'result-uri': uploaded?.json ?? '',
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
