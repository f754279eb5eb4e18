import { join, resolve } from 'node:path';
import {
  compareFeatures,
  type DriftResult,
  datasetDrift,
  decideFeatureDrift,
  decideRetrain,
  driftPolicyRecord,
  type FeatureDrift,
  hasReferenceValues,
  idLikeFeatures,
  toReferenceSummary,
  UserError,
  windowForRetrainRules,
} from '@mlops-actions/core';
import { writeFileAtomic } from '@mlops-actions/data';
import {
  type ActionDeps,
  type ActionResult,
  athenaCostLine,
  logReadProgress,
  runProvenance,
} from '@mlops-actions/github';
import type { OffThreadJob } from '@mlops-actions/parallel';
import { renderDriftHtml, renderDriftSummary } from '@mlops-actions/report';
import { athenaEvidence, usesAthena } from './athena.js';
import { readBaseline } from './baseline.js';
import { fileEvidence } from './file-evidence.js';
import type { DriftInputs } from './inputs.js';
import type { LoadOptions } from './load.js';
import { writeOnce } from './locations.js';
import { notifyGitHub } from './notify.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** drift-report: performance per window on joined outcomes, feature drift against a reference, and the verdict. */
export async function driftReport(inputs: DriftInputs, deps: ActionDeps): Promise<ActionResult> {
  const started: OffThreadJob<unknown>[] = [];
  try {
    return await report(inputs, deps, started);
  } finally {
    // A run that failed before using the reference read in a worker does not wait for it.
    for (const job of started) job.cancel();
  }
}

async function report(
  inputs: DriftInputs,
  deps: ActionDeps,
  started: OffThreadJob<unknown>[],
): Promise<ActionResult> {
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
    inputs.baseline && 'path' in inputs.baseline ? inputs.baseline.path : undefined,
  ];
  const s3 = inputs.reportUri || locations.some((l) => l?.startsWith('s3://')) ? deps.aws.s3() : undefined;
  // lookback: the period back from as-of (else now) whose partitions are read; outcomes up to now (labels come later).
  const now = deps.now().getTime();
  const periodEnd = inputs.asOf ?? now;
  const period =
    inputs.lookbackMs === undefined ? undefined : { from: periodEnd - inputs.lookbackMs, to: periodEnd };
  const base: LoadOptions = {
    source: inputs.predictions,
    inputName: 'predictions',
    format: inputs.format,
    s3,
    maxBadRecords: inputs.maxBadRecords,
    maxRecordBytes: inputs.maxRecordBytes,
    onWarning,
    progress: (label) => logReadProgress(deps, label),
    cdc: inputs.cdc,
    period,
  };
  if (period) logger.info(`Reading the period ${iso(period.from)} – ${iso(period.to)} (lookback)`);
  const evidence = usesAthena(inputs)
    ? await athenaEvidence(inputs, base, deps)
    : await fileEvidence(inputs, base, deps, now, started);
  const { asOf, windows, join: joinStats, currentCount, reference, prediction } = evidence;
  const latest = windows.find((w) => w.value !== null) ?? null;

  // Feature drift: the current window (index 0) against the reference.
  if (currentCount === 0)
    throw new UserError(
      `The current window (${iso(asOf - inputs.windowMs)} – ${iso(asOf)}) has no predictions.`,
      { hint: 'Check `as-of` and `window`, or that the predictions cover the latest period.' },
    );
  // Identifier columns (customer_id…) would only ever "drift": left out unless `features` names them.
  const excluded = inputs.features.length ? [] : idLikeFeatures(reference.sides);
  if (excluded.length)
    logger.info(
      `Not compared (ID-like; name them in \`features\` to compare them): ${excluded.map((x) => x.name).join(', ')}`,
    );
  const excludedNames = new Set(excluded.map((x) => x.name));
  let features = new Map<string, FeatureDrift>();
  if (hasReferenceValues(reference.sides))
    features = decideFeatureDrift(
      compareFeatures(
        reference.sides,
        evidence.current
          .filter(([name]) => !excludedNames.has(name))
          .map(([name, side]) => [name, side()] as const),
        inputs,
      ),
      inputs.driftPolicy,
    );
  else
    onWarning(
      'Feature drift skipped: no reference (set `reference`, or include older windows in the predictions).',
    );
  const dataset = datasetDrift(features, inputs.driftShare);

  const baseline = await readBaseline(inputs, s3);
  const decision = decideRetrain(
    { metric: inputs.metric, minMetric: inputs.minMetric, maxDrop: inputs.maxDrop },
    windowForRetrainRules(windows, inputs.retrainOnEstimated),
    baseline,
  );

  if (inputs.writeReference) {
    if (!inputs.reference || reference.info.kind !== 'data')
      throw new UserError(
        'Input "write-reference" needs `reference` to be reference data (not a summary or baseline).',
      );
    const summary = toReferenceSummary(reference.sides, inputs.reference, deps.now());
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
      retrain_on_estimated: inputs.retrainOnEstimated,
    },
    // The result is JSON: fromEntries defines each name as data, so `__proto__` survives as a feature.
    features: Object.fromEntries(features),
    ...(excluded.length ? { excluded_features: excluded } : {}),
    prediction,
    drifted_features: dataset.drifted,
    drift_policy: driftPolicyRecord(features, inputs.driftPolicy),
    dataset_drift: dataset.drift,
    drift_share: dataset.share,
    drift_share_threshold: inputs.driftShare,
    reference: reference.info,
    current: { rows: currentCount, start: iso(asOf - inputs.windowMs), end: iso(asOf) },
    warnings,
    run: runProvenance(context),
    created_at: deps.now().toISOString(),
  };
  const summary =
    renderDriftSummary(result) + (evidence.engines.length ? athenaCostLine(evidence.engines) : '');
  // The action always keeps the file for its result-json output; the CLI writes it only when asked.
  const resultPath = inputs.resultPath ? resolve(inputs.resultPath) : '';
  if (resultPath) await writeFileAtomic(resultPath, `${JSON.stringify(result, null, 2)}\n`);
  const reportPath = inputs.reportDir ? resolve(join(inputs.reportDir, 'drift-report.html')) : '';
  const html = renderDriftHtml(result);
  if (reportPath) await writeFileAtomic(reportPath, html);
  let reportUri = '';
  if (inputs.reportUri) {
    // Imported on use: a run on local files must not load the AWS SDK (start-up).
    const { publishUnder, reportStem } = await import('@mlops-actions/aws');
    const name = `${reportStem('drift-report', context, result.as_of)}.html`;
    const files = [{ name, body: html, contentType: 'text/html; charset=utf-8' }];
    reportUri = (await publishUnder(s3!, inputs.reportUri, files))[0]!;
    logger.info(`Uploaded the HTML report to ${reportUri}`);
  }

  await notifyGitHub(inputs, result, summary, deps, onWarning);
  logger.info(decision.reason);
  return {
    outputs: {
      retrain: decision.retrain,
      'retrain-reason': decision.reason,
      'drift-detected': dataset.drift,
      'drifted-features': JSON.stringify(dataset.drifted),
      'result-json': resultPath,
      'report-path': reportPath,
      'report-uri': reportUri,
    },
    summary,
    result,
  };
}
