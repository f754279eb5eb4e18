import { bootstrapTask } from '@mlops-actions/core';
import { readColumnsTask } from '@mlops-actions/data';
import { referenceRangeTask, referenceTask } from '@mlops-actions/drift-report/reference-task';
import { loadPredictionsTask } from '@mlops-actions/evaluate-challenger/load-task';
import type { WorkerTask } from './pool.js';

/**
 * Every task a worker thread can run, by name. A task is pure (plain data in and out), so its module is imported
 * both here and by its caller; add new tasks to this list. readColumnsTask reads a local file (I/O in the worker, but
 * only of a path it is given); loadPredictionsTask reads, checks and partitions evaluate-challenger's champion file on a
 * thread beside the challenger's; the reference tasks read a file, or one byte range of it.
 */
export const TASKS = new Map<string, WorkerTask<never, unknown>>([
  [bootstrapTask.name, bootstrapTask],
  [readColumnsTask.name, readColumnsTask as WorkerTask<never, unknown>],
  [loadPredictionsTask.name, loadPredictionsTask as WorkerTask<never, unknown>],
  [referenceTask.name, referenceTask],
  [referenceRangeTask.name, referenceRangeTask],
]);
