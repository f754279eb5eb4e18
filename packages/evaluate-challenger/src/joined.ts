import {
  type JoinedPredictions,
  joinOnId,
  type LatestTimestamps,
  scoresFromOneSource,
  UserError,
} from '@mlops-actions/core';
import { type ActionDeps, logReadProgress } from '@mlops-actions/github';
import type { EvaluateInputs } from './inputs.js';
import { loadPredictions } from './load.js';

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
  deps.logger.info(`Reading challenger predictions from ${inputs.challenger}`);
  const challenger = await loadPredictions({
    ...common,
    source: inputs.challenger,
    inputName: 'challenger',
    latest,
    header: inputs.challengerHeader,
    idColumn: c.id,
    scoreColumns: [c.challengerScore],
    onProgress: logReadProgress(deps, `Reading ${inputs.challenger}`),
  });
  deps.logger.info(`Reading champion predictions from ${inputs.champion}`);
  const champion = await loadPredictions({
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
  });
  return joinOnId(challenger, champion, c.challengerScore, c.championScore, inputs.minJoinRate, c.id);
}
