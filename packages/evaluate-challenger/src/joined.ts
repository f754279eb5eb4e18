import { stat } from 'node:fs/promises';
import {
  type JoinedPredictions,
  joinOnId,
  type LatestTimestamps,
  scoresFromOneSource,
  UserError,
} from '@mlops-actions/core';
import { type RecordBatch, readColumnsTask } from '@mlops-actions/data';
import { type ActionDeps, logReadProgress } from '@mlops-actions/github';
import { runInWorkers, threadCount } from '@mlops-actions/parallel';
import type { EvaluateInputs } from './inputs.js';
import { type LoadRequest, loadPredictions, predictionRequests } from './load.js';

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
  // The champion's file is read on a worker thread while this one reads the challenger's, when both pay for it.
  const offThread = await readsOffThread(inputs);
  if (offThread) championRequest.preRead = readOnWorker(championRequest, offThread);
  deps.logger.info(`Reading champion predictions from ${inputs.champion}`);
  // A failure of either read is reported; the other's is then not left unhandled.
  championRequest.preRead?.catch(() => undefined);
  const challenger = await challengerRead;
  const champion = await loadPredictions(championRequest);
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

/** Read a prediction source on a worker thread into one batch of typed columns (transferred, not copied). */
async function readOnWorker(request: LoadRequest, totalBytes: number): Promise<RecordBatch> {
  let read = 0;
  const [batch] = await runInWorkers(
    readColumnsTask,
    [
      {
        source: request.source,
        columns: [...predictionRequests(request)],
        inputName: request.inputName,
        maxRecordBytes: request.maxRecordBytes,
        header: request.header,
      },
    ],
    {
      offThread: true,
      onProgress: (bytes) => {
        read += bytes;
        request.onProgress?.(read, totalBytes);
      },
    },
  );
  return batch!;
}
