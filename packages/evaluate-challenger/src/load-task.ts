// The worker task that loads a prediction source (packages/parallel lists it): evaluate-challenger reads, checks and
// partitions the champion's ids on a worker thread while the main thread does the same for the challenger's.
import type { PredictionColumns } from '@mlops-actions/core';
import type { WorkerTask } from '@mlops-actions/parallel';
import { type LoadRequest, loadPredictions } from './load.js';

/** A LoadRequest as plain data: a local source (no client), no callback, no as-of tracker. */
export type LoadJob = Omit<LoadRequest, 's3' | 'onProgress' | 'latest'>;

/**
 * loadPredictions on a worker thread, progress counted in bytes read. Its typed arrays (the partitioned ids too) are
 * moved back to the main thread, not copied.
 */
export const loadPredictionsTask: WorkerTask<LoadJob, PredictionColumns> = {
  name: 'load-predictions',
  run(job, progress) {
    let reported = 0;
    return loadPredictions({
      ...job,
      onProgress: (read) => {
        progress(read - reported);
        reported = read;
      },
    });
  },
};
