import { stat } from 'node:fs/promises';
import {
  type JoinedPredictions,
  joinOnId,
  type LatestTimestamps,
  type PredictionColumns,
  scoresFromOneSource,
  UserError,
} from '@mlops-actions/core';
import { type ActionDeps, logReadProgress } from '@mlops-actions/github';
import { runInWorkers, threadCount } from '@mlops-actions/parallel';
import type { EvaluateInputs } from './inputs.js';
import { type LoadRequest, loadPredictions } from './load.js';
import { loadPredictionsTask } from './load-task.js';

/**
 * Both models' scores on the same rows: one file with two score columns (or only the challenger's), or two files
 * joined on `id-column`. `latest` tracks the challenger's two latest timestamps (for the as-of check).
 */
export async function loadJoined(
  inputs: EvaluateInputs,
  deps: ActionDeps,
  latest?: LatestTimestamps,
): Promise<JoinedPredictions> {
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
    cdc: inputs.cdc,
    maxRecordBytes: inputs.maxRecordBytes,
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
      header: inputs.challengerHeader,
      scoreColumns,
      onProgress: logReadProgress(deps, `Reading ${inputs.challenger}`),
      latest,
    });
    return scoresFromOneSource(loaded, c.challengerScore, inputs.champion ? c.championScore : undefined);
  }
  const championRequest: LoadRequest = {
    source: inputs.champion!,
    inputName: 'champion',
    header: inputs.championHeader,
    idColumn: c.id,
    scoreColumns: [c.championScore],
    sliceColumns: [],
    metric: inputs.metric,
    s3,
    onProgress: logReadProgress(deps, `Reading ${inputs.champion}`),
    cdc: inputs.cdc,
    maxRecordBytes: inputs.maxRecordBytes,
  };
  deps.logger.info(`Reading challenger predictions from ${inputs.challenger}`);
  const challengerRead = loadPredictions({
    ...common,
    source: inputs.challenger,
    inputName: 'challenger',
    latest,
    header: inputs.challengerHeader,
    idColumn: c.id,
    scoreColumns: [c.challengerScore],
    onProgress: logReadProgress(deps, `Reading ${inputs.challenger}`),
  });
  // Awaited below, after other awaits: a failure meanwhile (file not found) must not count as unhandled and end
  // the process before the step can report it.
  challengerRead.catch(() => undefined);
  // The champion's file is read, checked and its ids partitioned on a worker thread while this one does the
  // challenger's, when both pay for it.
  const offThread = await readsOffThread(inputs);
  const championRead = offThread ? loadOnWorker(championRequest, offThread) : undefined;
  deps.logger.info(`Reading champion predictions from ${inputs.champion}`);
  // A failure of either read is reported; the other's is then not left unhandled.
  championRead?.catch(() => undefined);
  const challenger = await challengerRead;
  const champion = await (championRead ?? loadPredictions(championRequest));
  return joinOnId(challenger, champion, c.challengerScore, c.championScore, inputs.minJoinRate, c.id);
}

/**
 * Champion files of at least this size are read on a worker thread beside the challenger's: below it, starting the
 * thread (~50–100 ms to load the worker bundle) costs about what reading the file does (~8 MiB at 50–100 MB/s).
 */
const OFF_THREAD_BYTES = 8 << 20;

/**
 * The champion file's size when it should be read on a worker thread: both sources local regular files (not
 * s3://, globs, Delta tables or DMS output), the champion at least OFF_THREAD_BYTES, and more than one thread.
 */
async function readsOffThread(inputs: EvaluateInputs): Promise<number | undefined> {
  if (inputs.cdc || threadCount() < 2) return undefined;
  const size = async (path: string) => {
    if (path.startsWith('s3://') || path.includes('://')) return undefined;
    const info = await stat(path).catch(() => undefined);
    return info?.isFile() ? info.size : undefined;
  };
  const [champion, challenger] = await Promise.all([size(inputs.champion!), size(inputs.challenger)]);
  return champion !== undefined && challenger !== undefined && champion >= OFF_THREAD_BYTES
    ? champion
    : undefined;
}

/** Load a prediction source on a worker thread (its typed arrays moved back, not copied). */
async function loadOnWorker(request: LoadRequest, totalBytes: number): Promise<PredictionColumns> {
  const { s3: _s3, onProgress, latest: _latest, ...job } = request;
  let read = 0;
  const [loaded] = await runInWorkers(loadPredictionsTask, [job], {
    offThread: true,
    onProgress: (bytes) => {
      read += bytes;
      onProgress?.(read, totalBytes);
    },
  });
  return loaded!;
}
