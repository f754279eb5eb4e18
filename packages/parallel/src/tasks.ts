import { bootstrapTask } from '@mlops-actions/core';
import { referenceTask } from '@mlops-actions/drift-report/reference-task';
import type { WorkerTask } from './pool.js';

/**
 * Every task a worker thread can run, by name. A task is pure (plain data in and out), so its module is imported
 * both here and by its caller; add new tasks to this list (packages/data's chunk parsing, for instance).
 */
export const TASKS = new Map<string, WorkerTask<never, unknown>>([
  [bootstrapTask.name, bootstrapTask],
  [referenceTask.name, referenceTask],
]);
