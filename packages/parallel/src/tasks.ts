import { bootstrapTask } from '@mlops-actions/core';
import { referenceRangeTask, referenceTask } from '@mlops-actions/drift-report/reference-task';
import { loadPredictionsTask } from '@mlops-actions/evaluate-challenger/load-task';
import type { WorkerTask } from './pool.js';

/**
 * Every task a worker thread can run, by name; add new tasks to this list. A task takes plain data and returns it, so
 * its module is imported both here and by its caller. loadPredictionsTask reads, checks and partitions
 * evaluate-challenger's champion file on a thread beside the challenger's; the reference tasks read a file, or one
 * byte range of it (I/O in the worker, but only of a path it is given).
 */
export const TASKS = new Map<string, WorkerTask<never, unknown>>([
  [bootstrapTask.name, bootstrapTask],
  [loadPredictionsTask.name, loadPredictionsTask as WorkerTask<never, unknown>],
  [referenceTask.name, referenceTask],
  [referenceRangeTask.name, referenceRangeTask],
]);
