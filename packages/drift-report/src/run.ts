import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  assignWindows,
  compareCategorical,
  compareNumeric,
  computeMetric,
  type DriftResult,
  type FeatureDrift,
  type FeatureSide,
  idLikeFeatures,
  improvement,
  isBetter,
  type MetricColumns,
  type PerformanceWindow,
  prepareRows,
  UserError,
  windowBounds,
} from '@mlops-actions/core';
import { createFileExclusive, parseS3Uri, writeFileAtomic } from '@mlops-actions/data';
import {
  type ActionDeps,
  type ActionResult,
  dispatchWorkflow,
  upsertStickyComment,
  upsertTrackingIssue,
} from '@mlops-actions/github';
import { renderDriftHtml, renderDriftSummary } from '@mlops-actions/report';
import type { DriftInputs } from './inputs.js';
import {
  type FeatureColumn,
  featureNames,
  type LoadOptions,
  loadOutcomes,
  loadPredictions,
  loadReferenceSides,
  type Predictions,
} from './load.js';
import {
  featureSide,
  fromModelMonitorStatistics,
  fromReferenceSummary,
  type ReferenceSummary,
  toReferenceSummary,
} from './reference.js';

const iso = (ms: number) => new Date(ms).toISOString();
const fmt = (v: number) => Number(v.toPrecision(6)).toString();

async function readText(location: string, s3: S3Client | undefined): Promise<string> {
  const uri = parseS3Uri(location);
  if (uri) {
    const response = await s3!.send(new GetObjectCommand({ Bucket: uri.bucket, Key: uri.key }));
    return response.Body!.transformToString();
  }
  try {
    return await readFile(resolve(location), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new UserError(`File not found: ${location}.`);
    throw error;
  }
}

function parseJson(text: string, location: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UserError(`${location} is not valid JSON.`);
  }
}

/** Reference sides: a written summary, a Model Monitor statistics.json, or reference data read in full. */
async function loadReference(
  inputs: DriftInputs,
  base: LoadOptions,
  features: string[],
  categorical: Set<string>,
): Promise<{ sides: Map<string, FeatureSide>; kind: 'data' | 'summary' | 'model-monitor'; sketched?: string[] }> {
  const location = inputs.reference!;
  if (/\.json$/i.test(location)) {
    const doc = parseJson(await readText(location, base.s3), location) as Record<string, unknown>;
    if (doc?.kind === 'drift-reference')
      return { sides: fromReferenceSummary(doc as unknown as ReferenceSummary), kind: 'summary' };
    return { sides: fromModelMonitorStatistics(doc, location), kind: 'model-monitor' };
  }
  const columns = await loadReferenceSides(
    { ...base, source: location, inputName: 'reference', format: 'auto' },
    features,
    categorical,
    inputs.referenceExactLimit,
  );
  const sides = new Map<string, FeatureSide>();
  for (const c of columns) sides.set(c.name, c.side());
  return { sides, kind: 'data', sketched: columns.filter((c) => c.sketched).map((c) => c.name) };
}

/** Compare every feature; a reference/current type clash is a clear error naming the feature. */
function compareFeatures(
  inputs: DriftInputs,
  reference: Map<string, FeatureSide>,
  current: FeatureColumn[],
  currentRows: Uint8Array,
): Record<string, FeatureDrift> {
  const out: Record<string, FeatureDrift> = {};
  for (const column of current) {
    const ref = reference.get(column.name);
    if (!ref)
      throw new UserError(`Feature "${column.name}" is not in the reference.`, {
        hint: 'List the features to compare in `features`, or use a reference with the same columns.',
      });
    let cur = featureSide(column, currentRows);
    const options = {
      test: inputs.tests[column.name],
      threshold:
        inputs.thresholds[column.name] ??
        (inputs.tests[column.name] ? inputs.thresholds[inputs.tests[column.name]!] : undefined),
    };
    if (ref.kind === 'categorical') {
      if (cur.kind === 'numeric') {
        const counts = new Map<string, number>();
        for (const v of cur.sorted) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
        cur = { kind: 'categorical', counts, missing: cur.missing };
      }
      const f = compareCategorical(column.name, ref, cur, options);
      if (options.threshold === undefined && inputs.thresholds[f.test] !== undefined)
        Object.assign(
          f,
          compareCategorical(column.name, ref, cur, { test: f.test, threshold: inputs.thresholds[f.test] }),
        );
      out[column.name] = f;
    } else {
      if (cur.kind !== 'numeric')
        throw new UserError(
          `Feature "${column.name}" is numeric in the reference but text in the current data (e.g. ${JSON.stringify(column.values[0] ?? '')}).`,
          {
            hint: 'Fix the current data, or list the feature in `categorical-features` to compare it as categories.',
          },
        );
      const f = compareNumeric(column.name, ref, cur, options);
      if (options.threshold === undefined && inputs.thresholds[f.test] !== undefined)
        Object.assign(
          f,
          compareNumeric(column.name, ref, cur, { test: f.test, threshold: inputs.thresholds[f.test] }),
        );
      out[column.name] = f;
    }
  }
  return out;
}

function performance(
  inputs: DriftInputs,
  predictions: Predictions,
  labels: Float64Array,
  windowIndex: Int32Array,
  asOf: number,
): PerformanceWindow[] {
  const plan = { asOf, windowMs: inputs.windowMs, maxWindows: inputs.maxWindows };
  const rowsIn: number[][] = Array.from({ length: inputs.maxWindows }, () => []);
  const labeledIn: number[][] = Array.from({ length: inputs.maxWindows }, () => []);
  for (let i = 0; i < predictions.rows; i++) {
    const k = windowIndex[i]!;
    if (k < 0) continue;
    rowsIn[k]!.push(i);
    if (!Number.isNaN(labels[i]!)) labeledIn[k]!.push(i);
  }
  const columns: MetricColumns = { labels, scores: predictions.scores, groups: predictions.groups?.codes };
  const windows: PerformanceWindow[] = [];
  for (let k = 0; k < inputs.maxWindows; k++) {
    const { start, end } = windowBounds(plan, k);
    const rows = rowsIn[k]!.length;
    const labeled = labeledIn[k]!.length;
    const coverage = rows ? labeled / rows : null;
    const w: PerformanceWindow = {
      k,
      start: iso(start),
      end: iso(end),
      rows,
      labeled,
      coverage,
      value: null,
    };
    if (rows === 0) w.skipped = 'no predictions';
    else if (coverage! < inputs.minLabelCoverage)
      w.skipped = `label coverage ${fmt(coverage! * 100)}% below ${fmt(inputs.minLabelCoverage * 100)}%`;
    else {
      const rowsArray = Uint32Array.from(labeledIn[k]!);
      w.value = computeMetric(inputs.metric, columns, prepareRows(inputs.metric, columns, rowsArray));
      if (w.value === null) w.skipped = `${inputs.metric.name} undefined (e.g. a single class)`;
    }
    windows.push(w);
  }
  return windows;
}

async function baselineMetric(
  inputs: DriftInputs,
  s3: S3Client | undefined,
): Promise<{ value: number; source: string } | null> {
  if (!inputs.baseline) return null;
  if ('value' in inputs.baseline) return { value: inputs.baseline.value, source: 'baseline-metric' };
  const path = inputs.baseline.path;
  const doc = parseJson(await readText(path, s3), path) as {
    kind?: string;
    metric?: string;
    decision?: string;
    champion?: { score: number | null } | null;
    challenger?: { score: number | null };
  };
  if (doc?.kind !== 'evaluation')
    throw new UserError(
      `Input "baseline-metric": ${path} is neither a number nor an evaluate-challenger result JSON.`,
    );
  if (doc.metric !== inputs.metric.name)
    throw new UserError(
      `Input "baseline-metric": ${path} scored ${doc.metric}, but this report uses ${inputs.metric.name}.`,
      { hint: 'Use the same `metric` in both actions.' },
    );
  // The production model after that evaluation: the challenger when it was promoted, else the champion.
  const score = doc.decision === 'promote' ? doc.challenger?.score : doc.champion?.score;
  if (typeof score !== 'number')
    throw new UserError(`Input "baseline-metric": ${path} has no score for the production model.`);
  return {
    value: score,
    source: `${path} (${doc.decision === 'promote' ? 'promoted challenger' : 'champion'})`,
  };
}

function retrainDecision(
  inputs: DriftInputs,
  latest: PerformanceWindow | null,
  baseline: { value: number; source: string } | null,
): { retrain: boolean; reason: string } {
  const name = inputs.metric.name;
  if (!latest || latest.value === null) {
    const rules =
      inputs.minMetric !== undefined || baseline
        ? 'no window had enough labelled outcomes to check the retraining rules'
        : 'no retraining rule is configured';
    return { retrain: false, reason: `No retraining: ${rules}.` };
  }
  const value = latest.value;
  const where = `the latest scored window (${latest.start.slice(0, 10)} – ${latest.end.slice(0, 10)})`;
  const fired: string[] = [];
  if (inputs.minMetric !== undefined && isBetter(inputs.metric, inputs.minMetric, value))
    fired.push(
      `min-metric: ${name} ${fmt(value)} in ${where} is worse than min-metric ${fmt(inputs.minMetric)} (${inputs.metric.higherIsBetter ? 'higher' : 'lower'} is better)`,
    );
  if (baseline && inputs.maxDrop !== undefined) {
    const drop = improvement(inputs.metric, baseline.value, value);
    if (drop > inputs.maxDrop)
      fired.push(
        `max-drop: ${name} ${fmt(value)} in ${where} is ${fmt(drop)} worse than the baseline ${fmt(baseline.value)} from ${baseline.source}, more than max-drop ${fmt(inputs.maxDrop)}`,
      );
  }
  if (fired.length) return { retrain: true, reason: `Retrain: ${fired.join('; ')}.` };
  const checks = [
    inputs.minMetric !== undefined ? `min-metric ${fmt(inputs.minMetric)}` : null,
    baseline && inputs.maxDrop !== undefined
      ? `baseline ${fmt(baseline.value)} - max-drop ${fmt(inputs.maxDrop)}`
      : null,
  ].filter(Boolean);
  return {
    retrain: false,
    reason: checks.length
      ? `No retraining: ${name} ${fmt(value)} in ${where} is within ${checks.join(' and ')}.`
      : `No retraining rule is configured (${name} ${fmt(value)} in ${where}).`,
  };
}

async function writeOnce(location: string, body: string, s3: S3Client | undefined): Promise<boolean> {
  const uri = parseS3Uri(location);
  if (!uri) return createFileExclusive(resolve(location), body);
  try {
    await s3!.send(
      new PutObjectCommand({
        Bucket: uri.bucket,
        Key: uri.key,
        Body: body,
        IfNoneMatch: '*',
        ContentType: 'application/json',
      }),
    );
    return true;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 412 || status === 409) return false;
    throw error;
  }
}

/** drift-report: performance per window on joined outcomes, feature drift against a reference, and the verdict. */
export async function driftReport(inputs: DriftInputs, deps: ActionDeps): Promise<ActionResult> {
  const { logger, context } = deps;
  const warnings: string[] = [];
  const onWarning = (message: string) => {
    warnings.push(message);
    logger.warning(message);
  };
  const locations = [
    inputs.predictions,
    inputs.outcomes,
    inputs.reference,
    inputs.writeReference,
    inputs.reportUri,
    inputs.baseline && 'path' in inputs.baseline ? inputs.baseline.path : undefined,
  ];
  const s3 = locations.some((l) => l?.startsWith('s3://')) ? deps.aws.s3() : undefined;
  const base: LoadOptions = {
    source: inputs.predictions,
    inputName: 'predictions',
    format: inputs.format,
    s3,
    maxBadRecords: inputs.maxBadRecords,
    onWarning,
  };
  const c = inputs.columns;
  const categorical = new Set(inputs.categorical);
  const names = await featureNames(base, c, inputs.features);
  logger.info(`Reading predictions from ${inputs.predictions} (${names.length} features)`);
  const predictions = await loadPredictions(base, c, names, categorical);
  if (predictions.rows === 0)
    throw new UserError(`No predictions in ${inputs.predictions}: the input has no rows.`);
  let asOf = inputs.asOf;
  if (asOf === undefined) {
    asOf = -Infinity;
    for (const t of predictions.timestamps) if (t > asOf) asOf = t;
  }
  const plan = { asOf, windowMs: inputs.windowMs, maxWindows: inputs.maxWindows };
  const windowIndex = assignWindows(predictions.timestamps, plan);

  // Performance on predictions joined with outcomes.
  let windows: PerformanceWindow[] = [];
  let joinStats: DriftResult['performance']['join'] = null;
  if (inputs.outcomes) {
    logger.info(`Reading outcomes from ${inputs.outcomes}`);
    const outcomes = await loadOutcomes(
      { ...base, source: inputs.outcomes, inputName: 'outcomes', format: 'auto' },
      c,
    );
    const labels = new Float64Array(predictions.rows).fill(Number.NaN);
    let matched = 0;
    const seen = new Set<string>();
    let duplicates = 0;
    for (const id of predictions.ids) {
      if (seen.has(id)) duplicates++;
      else seen.add(id);
    }
    seen.clear();
    if (duplicates)
      onWarning(`${duplicates} prediction(s) repeat an event id of column "${c.id}" in ${inputs.predictions}; each copy gets that event's outcome. Deduplicate the predictions if they are replays.`);
    for (let i = 0; i < predictions.rows; i++) {
      const label = outcomes.get(predictions.ids[i]!);
      if (label !== undefined) {
        labels[i] = label;
        matched++;
      }
    }
    joinStats = { predictions: predictions.rows, outcomes: outcomes.size, matched };
    if (matched === 0 && outcomes.size > 0)
      throw new UserError(
        `No outcome matches a prediction on "${c.id}": e.g. prediction ids ${predictions.ids
          .slice(0, 3)
          .map((x) => JSON.stringify(x))
          .join(', ')} vs outcome ids ${[...outcomes.keys()]
          .slice(0, 3)
          .map((x) => JSON.stringify(x))
          .join(', ')}.`,
        { hint: 'Check `id-column` and that outcomes refer to these predictions (same event ids).' },
      );
    windows = performance(inputs, predictions, labels, windowIndex, asOf);
  }
  const latest = windows.find((w) => w.value !== null) ?? null;

  // Feature drift: the current window against the reference.
  const currentRows = new Uint8Array(predictions.rows);
  const olderRows = new Uint8Array(predictions.rows);
  let currentCount = 0;
  for (let i = 0; i < predictions.rows; i++) {
    if (windowIndex[i] === 0) {
      currentRows[i] = 1;
      currentCount++;
    } else if (windowIndex[i]! > 0) olderRows[i] = 1;
  }
  if (currentCount === 0)
    throw new UserError(
      `The current window (${iso(asOf - inputs.windowMs)} – ${iso(asOf)}) has no predictions.`,
      {
        hint: 'Check `as-of` and `window`, or that the predictions cover the latest period.',
      },
    );
  let reference: Map<string, FeatureSide>;
  let referenceInfo: DriftResult['reference'] = null;
  if (inputs.reference) {
    logger.info(`Reading the reference from ${inputs.reference}`);
    const loaded = await loadReference(inputs, base, names, categorical);
    reference = loaded.sides;
    if (loaded.sketched?.length)
      logger.info(
        `More reference values than reference-exact-limit (${inputs.referenceExactLimit} in total) holds: ${loaded.sketched.join(', ')} streamed into quantile sketches; their tests are approximate (method: summary).`,
      );
    referenceInfo = { source: inputs.reference, kind: loaded.kind };
  } else {
    reference = new Map(predictions.features.map((f) => [f.name, featureSide(f, olderRows)] as const));
    referenceInfo = { source: 'predictions in the older windows', kind: 'older-windows' };
  }
  const hasReference = [...reference.values()].some(
    (s) =>
      (s.kind === 'numeric' ? s.sorted.length : s.kind === 'numeric-summary' ? s.count : s.counts.size) > 0,
  );
  // Identifier columns (customer_id…) would only ever "drift": left out unless `features` names them.
  const excluded = inputs.features.length ? [] : idLikeFeatures(reference);
  if (excluded.length)
    logger.info(`Not compared (ID-like; name them in \`features\` to compare them): ${excluded.map((x) => x.name).join(', ')}`);
  const excludedNames = new Set(excluded.map((x) => x.name));
  const compared = predictions.features.filter((f) => !excludedNames.has(f.name));
  let features: Record<string, FeatureDrift> = {};
  if (hasReference) features = compareFeatures(inputs, reference, compared, currentRows);
  else
    onWarning(
      'Feature drift skipped: no reference (set `reference`, or include older windows in the predictions).',
    );
  let prediction: FeatureDrift | null = null;
  const olderScores = predictions.scores.filter((_, i) => olderRows[i] === 1);
  if (olderScores.length > 0) {
    const sorted = (a: Float64Array) => a.filter((v) => !Number.isNaN(v)).sort();
    prediction = compareNumeric(
      c.score,
      { kind: 'numeric', sorted: sorted(olderScores), missing: 0 },
      {
        kind: 'numeric',
        sorted: sorted(predictions.scores.filter((_, i) => currentRows[i] === 1)),
        missing: 0,
      },
    );
  }
  const drifted = Object.values(features)
    .filter((f) => f.drift)
    .map((f) => f.name);
  const total = Object.keys(features).length;
  const driftShare = total ? drifted.length / total : 0;
  const datasetDrift = total > 0 && driftShare >= inputs.driftShare;

  const baseline = await baselineMetric(inputs, s3);
  const decision = retrainDecision(inputs, latest, baseline);

  if (inputs.writeReference) {
    if (!inputs.reference || referenceInfo?.kind !== 'data')
      throw new UserError(
        'Input "write-reference" needs `reference` to be reference data (not a summary or baseline).',
      );
    const summary = toReferenceSummary(reference, inputs.reference, deps.now());
    const written = await writeOnce(inputs.writeReference, `${JSON.stringify(summary)}\n`, s3);
    if (written) logger.info(`Wrote the reference summary to ${inputs.writeReference}`);
    else onWarning(`${inputs.writeReference} already exists; it was not overwritten.`);
  }

  const result: DriftResult = {
    schema_version: 1,
    kind: 'drift-report',
    metric: inputs.metric.name,
    higher_is_better: inputs.metric.higherIsBetter,
    window: inputs.windowText,
    as_of: iso(asOf),
    performance: { windows, latest, min_label_coverage: inputs.minLabelCoverage, join: joinStats },
    retrain: decision.retrain,
    retrain_reason: decision.reason,
    rules: {
      min_metric: inputs.minMetric ?? null,
      baseline_metric: baseline?.value ?? null,
      baseline_source: baseline?.source ?? null,
      max_drop: inputs.maxDrop ?? null,
    },
    features,
    ...(excluded.length ? { excluded_features: excluded } : {}),
    prediction,
    drifted_features: drifted,
    dataset_drift: datasetDrift,
    drift_share: driftShare,
    drift_share_threshold: inputs.driftShare,
    reference: referenceInfo,
    current: { rows: currentCount, start: iso(asOf - inputs.windowMs), end: iso(asOf) },
    warnings,
    run: {
      repository: context.repository ? `${context.repository.owner}/${context.repository.repo}` : null,
      run_id: context.runId || null,
      run_attempt: context.runId ? context.runAttempt : null,
      run_url: context.runUrl ?? null,
      event: context.eventName || null,
    },
    created_at: deps.now().toISOString(),
  };
  const summary = renderDriftSummary(result);
  const resultPath = resolve(inputs.resultPath);
  await writeFileAtomic(resultPath, `${JSON.stringify(result, null, 2)}\n`);
  const reportPath = resolve(join(inputs.reportDir, 'drift-report.html'));
  const html = renderDriftHtml(result);
  await writeFileAtomic(reportPath, html);
  let reportUri = '';
  if (inputs.reportUri) {
    const uri = parseS3Uri(inputs.reportUri);
    if (!uri)
      throw new UserError(
        `Input "report-uri" must be an s3:// prefix, got ${JSON.stringify(inputs.reportUri)}.`,
      );
    const name = context.runId
      ? `drift-report-${context.runId}-${context.runAttempt}.html`
      : `drift-report-${result.as_of.replace(/[:.]/g, '-')}.html`;
    const key = `${uri.key.replace(/\/?$/, uri.key ? '/' : '')}${name}`;
    await s3!.send(
      new PutObjectCommand({
        Bucket: uri.bucket,
        Key: key,
        Body: html,
        ContentType: 'text/html; charset=utf-8',
      }),
    );
    reportUri = `s3://${uri.bucket}/${key}`;
    logger.info(`Uploaded the HTML report to ${reportUri}`);
  }

  // GitHub side effects.
  const repo = context.repository;
  if (deps.github && repo) {
    if (inputs.commentOnPr && context.pullRequestNumber) {
      try {
        await upsertStickyComment(
          deps.github,
          {
            ...repo,
            issueNumber: context.pullRequestNumber,
            action: 'drift-report',
            header: inputs.commentHeader,
          },
          summary,
        );
      } catch (error) {
        if ((error as { status?: number }).status !== 403) throw error;
        onWarning(
          'Could not comment on the pull request (403): grant `pull-requests: write`, or set comment-on-pr: false.',
        );
      }
    }
    if (inputs.issueOnDrift && (decision.retrain || datasetDrift)) {
      const issue = await upsertTrackingIssue(
        deps.github,
        {
          ...repo,
          action: 'drift-report',
          header: inputs.commentHeader,
          label: inputs.issueLabel,
          title: `Model drift: ${decision.retrain ? 'retraining advised' : 'dataset drift detected'}`,
          runMarker: `<!-- mlops-actions:run:${context.runId} -->`,
        },
        `${summary}\n\n${context.runUrl ? `[Workflow run](${context.runUrl})` : ''}`,
      );
      logger.info(`Tracking issue #${issue.number}: ${issue.action}`);
    }
    if (decision.retrain && inputs.dispatchWorkflow) {
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
      if (dispatch.action === 'dispatched-unchecked') onWarning(`Dispatched without a re-run check: ${dispatch.reason}.`);
    }
  } else if (inputs.issueOnDrift || inputs.dispatchWorkflow) {
    if (decision.retrain || datasetDrift)
      onWarning('No GitHub token or repository: the tracking issue and dispatch were skipped.');
  }
  logger.info(decision.reason);
  return {
    outputs: {
      retrain: decision.retrain,
      'retrain-reason': decision.reason,
      'drift-detected': datasetDrift,
      'drifted-features': JSON.stringify(drifted),
      'result-json': resultPath,
      'report-path': reportPath,
      'report-uri': reportUri,
    },
    summary,
    result,
  };
}
