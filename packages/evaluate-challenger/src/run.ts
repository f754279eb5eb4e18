import { join, resolve } from 'node:path';
import { type EvaluationResult, evaluateChampionChallenger, UserError } from '@mlops-actions/core';
import { appendRecord, writeFileAtomic } from '@mlops-actions/data';
import { type ActionDeps, type ActionResult, logProgress, upsertStickyComment } from '@mlops-actions/github';
import { renderEvaluationHtml, renderEvaluationReport } from '@mlops-actions/report';
import type { EvaluateInputs } from './inputs.js';
import { type JoinedPredictions, joinOnId, loadPredictions } from './load.js';

async function loadJoined(inputs: EvaluateInputs, deps: ActionDeps): Promise<JoinedPredictions> {
  const c = inputs.columns;
  const needsS3 = [inputs.champion, inputs.challenger].some((s) => s?.startsWith('s3://'));
  const s3 = needsS3 ? deps.aws.s3() : undefined;
  const common = {
    timestampColumn: c.timestamp,
    labelColumn: c.label,
    groupColumn: c.group,
    sliceColumns: c.slices,
    metric: inputs.metric,
    s3,
  };
  const oneFile = !inputs.champion || inputs.champion === inputs.challenger;
  if (oneFile) {
    if (inputs.champion && c.championScore === c.challengerScore) {
      throw new UserError('`champion` and `challenger` name the same predictions but one score column.', {
        hint: 'Set `champion-score-column` and `challenger-score-column` to the file’s two score columns, or give two files joined on `id-column`.',
      });
    }
    const scoreColumns = inputs.champion ? [c.challengerScore, c.championScore] : [c.challengerScore];
    const loaded = await loadPredictions({
      ...common,
      source: inputs.challenger,
      inputName: 'challenger',
      scoreColumns,
    });
    return {
      timestamps: loaded.timestamps!,
      labels: loaded.labels!,
      challengerScores: loaded.scores.get(c.challengerScore)!,
      championScores: inputs.champion ? loaded.scores.get(c.championScore) : undefined,
      group: loaded.group,
      slices: loaded.slices,
      stats: {
        challenger_rows: loaded.rows,
        champion_rows: inputs.champion ? loaded.rows : null,
        joined_rows: loaded.rows,
        join_rate: inputs.champion ? 1 : null,
      },
    };
  }
  deps.logger.info(`Reading challenger predictions from ${inputs.challenger}`);
  const challenger = await loadPredictions({
    ...common,
    source: inputs.challenger,
    inputName: 'challenger',
    idColumn: c.id,
    scoreColumns: [c.challengerScore],
  });
  deps.logger.info(`Reading champion predictions from ${inputs.champion}`);
  const champion = await loadPredictions({
    source: inputs.champion!,
    inputName: 'champion',
    idColumn: c.id,
    scoreColumns: [c.championScore],
    sliceColumns: [],
    metric: inputs.metric,
    s3,
  });
  return joinOnId(challenger, champion, c.challengerScore, c.championScore, inputs.minJoinRate, c.id);
}

function latest(timestamps: Float64Array): number {
  let max = -Infinity;
  for (const t of timestamps) if (t > max) max = t;
  return max;
}

/** evaluate-challenger: score both models per window, decide, and publish the report where the run can show it. */
export async function evaluateChallenger(inputs: EvaluateInputs, deps: ActionDeps): Promise<ActionResult> {
  const { logger, context } = deps;
  const data = await loadJoined(inputs, deps);
  if (data.stats.joined_rows === 0) {
    throw new UserError(
      `No predictions to evaluate in ${JSON.stringify(inputs.challenger)}: the input has a header but no rows.`,
    );
  }
  const asOf = inputs.asOf ?? latest(data.timestamps);
  // Long steps say how far they got (at least every 10 s) instead of running silently for minutes.
  const progress = {
    windows: logProgress(deps, 'Scoring windows', 'window scores'),
    slices: logProgress(deps, 'Scoring slices', 'slice values'),
    bootstrap: logProgress(deps, 'Bootstrap', 'resamples'),
  };
  const outcome = evaluateChampionChallenger({
    spec: inputs.metric,
    plan: { asOf, windowMs: inputs.windowMs, maxWindows: inputs.maxWindows },
    gamma: inputs.gamma,
    normalize: inputs.normalize,
    timestamps: data.timestamps,
    challenger: { labels: data.labels, scores: data.challengerScores, groups: data.group?.codes },
    champion: data.championScores
      ? { labels: data.labels, scores: data.championScores, groups: data.group?.codes }
      : undefined,
    groupCount: data.group?.values.length,
    slices: data.slices,
    guardSlices: inputs.guardSlices,
    maxSliceRegression: inputs.maxSliceRegression,
    minImprovement: inputs.minImprovement,
    minConfidence: inputs.minConfidence,
    bootstrap: { resamples: inputs.bootstrap, seed: inputs.seed },
    progress: (step, done, total) => progress[step](done, total),
  });
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
    data: data.stats,
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
      min_join_rate: inputs.minJoinRate,
    },
    run: {
      repository: context.repository ? `${context.repository.owner}/${context.repository.repo}` : null,
      // The commit under test: a pull request's head, not the merge commit GITHUB_SHA names on pull_request events.
      sha: context.payload.pull_request?.head?.sha || context.sha || null,
      run_id: context.runId || null,
      run_attempt: context.runId ? context.runAttempt : null,
      run_url: context.runUrl ?? null,
      event: context.eventName || null,
      actor: context.actor || null,
    },
    created_at: now.toISOString(),
  };
  logger.info(`${result.decision === 'promote' ? 'Promote' : 'Keep'}: ${result.reason}`);
  for (const w of result.challenger.windows) {
    if (w.value === null)
      logger.info(`Window ${w.k} (${w.start.slice(0, 10)} to ${w.end.slice(0, 10)}) skipped: ${w.skipped}`);
  }

  const resultPath = resolve(inputs.resultPath);
  await writeFileAtomic(resultPath, `${JSON.stringify(result, null, 2)}\n`);
  const report = renderEvaluationReport(result);
  const reportPath = resolve(join(inputs.reportDir, 'evaluation-report.html'));
  await writeFileAtomic(reportPath, renderEvaluationHtml(result));

  let commentUrl = '';
  if (inputs.commentOnPr && context.pullRequestNumber && context.repository) {
    if (!deps.github) {
      logger.warning(
        'No GitHub token: the pull-request comment was skipped (the report is in the job summary).',
      );
    } else {
      try {
        const comment = await upsertStickyComment(
          deps.github,
          {
            ...context.repository,
            issueNumber: context.pullRequestNumber,
            header: inputs.commentHeader,
            action: 'evaluate-challenger',
          },
          report,
        );
        commentUrl = comment.url;
        logger.info(`Pull-request comment ${comment.action}: ${comment.url}`);
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status !== 403 && status !== 404) throw error;
        logger.warning(
          'Could not comment on the pull request: the token lacks `pull-requests: write` (pull requests from forks get a read-only token). The report is in the job summary.',
        );
      }
    }
  }

  if (inputs.ledger) {
    const key = context.runId
      ? `${context.runId}-${context.runAttempt}-${inputs.commentHeader.replace(/[^A-Za-z0-9._-]/g, '_')}`
      : `local-${now.toISOString().replace(/[:.]/g, '-')}`;
    const s3 = inputs.ledger.startsWith('s3://') ? deps.aws.s3() : undefined;
    const record = await appendRecord(
      inputs.ledger,
      `evaluations/${key}.json`,
      `${JSON.stringify(result)}\n`,
      { s3 },
    );
    logger.info(
      record.created
        ? `Recorded the evaluation at ${record.uri}`
        : `The evaluation of this run is already recorded at ${record.uri}; left unchanged.`,
    );
  }

  return {
    outputs: {
      decision: result.decision,
      reason: result.reason,
      'champion-score': result.champion?.score ?? '',
      'challenger-score': result.challenger.score ?? '',
      'result-json': resultPath,
      'report-path': reportPath,
      'comment-url': commentUrl,
    },
    summary: report,
    result,
    failure:
      inputs.failOnKeep && result.decision === 'keep'
        ? `Decision is keep (fail-on-keep): ${result.reason}`
        : undefined,
  };
}
