// The evidence of a drift report from files: predictions (and outcomes) read on the runner, windows assigned row by
// row, and the reference read from its file (in a worker thread beside the predictions when large) or taken from the
// older windows.
import {
  assignWindows,
  checkInferredAsOf,
  type DriftResult,
  estimateUnlabelledWindows,
  type FeatureSide,
  joinOutcomes,
  latestTimestamp,
  type PerformanceWindow,
  performanceWindows,
  predictionDrift,
  UserError,
  type WindowPlan,
} from '@mlops-actions/core';
import type { ActionDeps } from '@mlops-actions/github';
import type { OffThreadJob } from '@mlops-actions/parallel';
import type { DriftEvidence } from './evidence.js';
import { featureSide } from './feature-column.js';
import type { DriftInputs } from './inputs.js';
import { featureNames, type LoadOptions, loadOutcomes, loadPredictions, type Predictions } from './load.js';
import { loadReference } from './reference.js';
import { finishReference, startReferenceInWorker } from './reference-parallel.js';
import type { ReferenceOutput } from './reference-task.js';

/** 1 for the rows whose window index passes `test` (a loop: Uint8Array.from with a callback is slow on 10^6 rows). */
function rowsWhere(windowIndex: Int32Array, test: (k: number) => boolean): Uint8Array {
  const rows = new Uint8Array(windowIndex.length);
  for (let i = 0; i < rows.length; i++) rows[i] = test(windowIndex[i]!) ? 1 : 0;
  return rows;
}

/** Performance per window on the predictions joined with their outcomes (none without `outcomes`). */
async function performance(
  inputs: DriftInputs,
  base: LoadOptions,
  predictions: Predictions,
  plan: WindowPlan,
  windowIndex: Int32Array,
  now: number,
): Promise<{ windows: PerformanceWindow[]; join: DriftResult['performance']['join'] }> {
  if (!inputs.outcomes) return { windows: [], join: null };
  const c = inputs.columns;
  const period = base.period && { from: base.period.from, to: Math.max(base.period.to, now) };
  const outcomes = await loadOutcomes(
    { ...base, source: inputs.outcomes, inputName: 'outcomes', format: 'auto', period },
    c,
  );
  const joined = joinOutcomes(predictions.ids!, outcomes, c.id);
  if (joined.duplicateIds)
    base.onWarning(
      `${joined.duplicateIds} prediction(s) repeat an event id of column "${c.id}" in ${inputs.predictions}; each copy gets that event's outcome. Deduplicate the predictions if they are replays.`,
    );
  const scored = performanceWindows(
    {
      metric: inputs.metric,
      plan,
      minLabelCoverage: inputs.minLabelCoverage,
      minRows: inputs.driftPolicy.minRows,
    },
    { labels: joined.labels, scores: predictions.scores, groups: predictions.groups?.codes },
    windowIndex,
  );
  // Windows whose labels are not in yet get a CBPE estimate, marked as such.
  const windows = estimateUnlabelledWindows(scored, {
    metric: inputs.metric,
    scores: predictions.scores,
    labels: joined.labels,
    windowIndex,
    minLabelCoverage: inputs.minLabelCoverage,
    minRows: inputs.driftPolicy.minRows,
  });
  return { windows, join: joined.stats };
}

/** The reference sides: the `reference` input, else the predictions of the older windows. */
async function referenceSides(
  inputs: DriftInputs,
  base: LoadOptions,
  predictions: Predictions,
  windowIndex: Int32Array,
  deps: ActionDeps,
  started: OffThreadJob<ReferenceOutput> | undefined,
): Promise<{ sides: Map<string, FeatureSide>; info: NonNullable<DriftResult['reference']> }> {
  if (!inputs.reference) {
    const older = rowsWhere(windowIndex, (k) => k > 0);
    const sides = new Map(predictions.features.map((f) => [f.name, featureSide(f, older)] as const));
    return { sides, info: { source: 'predictions in the older windows', kind: 'older-windows' } };
  }
  if (!started) deps.logger.info(`Reading the reference from ${inputs.reference}`);
  const loaded = started
    ? await finishReference(started, base.onWarning)
    : await loadReference(
        referenceOptions(inputs.reference, base),
        predictions.features.map((f) => f.name),
        new Set(inputs.categorical),
        inputs.referenceExactLimit,
      );
  if (loaded.sketched.length)
    deps.logger.info(
      `More reference values than reference-exact-limit (${inputs.referenceExactLimit} in total) holds: ${loaded.sketched.join(', ')} streamed into quantile sketches; their tests are approximate (method: summary).`,
    );
  return { sides: loaded.sides, info: { source: inputs.reference, kind: loaded.kind } };
}

/** The evidence from files: predictions (and outcomes) read on the runner, windows assigned row by row. */
export async function fileEvidence(
  inputs: DriftInputs,
  base: LoadOptions,
  deps: ActionDeps,
  now: number,
  started: OffThreadJob<unknown>[],
): Promise<DriftEvidence> {
  const { logger } = deps;
  const names = await featureNames(base, inputs.columns, inputs.features);
  // A large local reference is read in a worker thread meanwhile (reference-task.ts says when that pays).
  const referenceJob = inputs.reference
    ? startReferenceInWorker(
        referenceOptions(inputs.reference, base),
        names,
        inputs.categorical,
        inputs.referenceExactLimit,
      )
    : undefined;
  if (referenceJob) {
    started.push(referenceJob);
    logger.info(
      `Reading the reference from ${inputs.reference} in a worker thread, alongside the predictions`,
    );
  }
  logger.info(`Reading predictions from ${inputs.predictions} (${names.length} features)`);
  // Ids are needed as strings only to join outcomes.
  const predictions = await loadPredictions(
    base,
    inputs.columns,
    names,
    new Set(inputs.categorical),
    !!inputs.outcomes,
  );
  if (predictions.rows === 0)
    throw new UserError(`No predictions in ${inputs.predictions}: the input has no rows.`);
  if (inputs.asOf === undefined) checkInferredAsOf(predictions.latest, inputs.windowMs, inputs.windowText);
  const asOf = inputs.asOf ?? latestTimestamp(predictions.timestamps);
  const plan = { asOf, windowMs: inputs.windowMs, maxWindows: inputs.maxWindows };
  const windowIndex = assignWindows(predictions.timestamps, plan);

  if (inputs.outcomes) logger.info(`Reading outcomes from ${inputs.outcomes}`);
  const { windows, join } = await performance(inputs, base, predictions, plan, windowIndex, now);
  const currentRows = rowsWhere(windowIndex, (k) => k === 0);
  let currentCount = 0;
  for (let i = 0; i < currentRows.length; i++) currentCount += currentRows[i]!;
  // Read the reference only when the current window has rows to compare (the caller fails otherwise).
  const reference =
    currentCount === 0
      ? { sides: new Map(), info: { source: '', kind: 'older-windows' as const } }
      : await referenceSides(inputs, base, predictions, windowIndex, deps, referenceJob);
  return {
    asOf,
    windows,
    join,
    currentCount,
    reference,
    // Sides built on demand: ID-like features are dropped before their values are sorted.
    current: predictions.features.map((f) => [f.name, () => featureSide(f, currentRows)] as const),
    prediction: predictionDrift(inputs.columns.score, predictions.scores, windowIndex),
    engines: [],
  };
}

/** How the reference is read: the predictions' options, for the reference's location and format. */
const referenceOptions = (source: string, base: LoadOptions): LoadOptions => ({
  ...base,
  source,
  inputName: 'reference',
  format: 'auto',
  period: undefined,
});
