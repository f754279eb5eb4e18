import { statSync } from 'node:fs';
import type { FeatureSide } from '@mlops-actions/core';
import type { Format } from '@mlops-actions/data';
import { canRunOffThread, type OffThreadJob, runOffThread, type WorkerTask } from '@mlops-actions/parallel';
import type { LoadOptions } from './load.js';
import { type LoadedReference, loadReferenceSides } from './reference.js';

/** What the reference task needs: loadReferenceSides' arguments as plain data (no client, no callbacks). */
export interface ReferenceJob {
  source: string;
  format: Format;
  maxBadRecords: number;
  maxRecordBytes?: number;
  features: string[];
  categorical: string[];
  exactBudget: number;
}

/** The reduced reference: sides by feature (sorted values transferred, not copied), sketched features, warnings. */
export interface ReferenceOutput {
  sides: Map<string, FeatureSide>;
  sketched: string[];
  warnings: string[];
}

/**
 * Reference data read and reduced in a worker thread (packages/parallel runs it by name), so it overlaps with the
 * predictions read in the main thread. Progress units are bytes read; warnings come back with the result.
 */
export const referenceTask: WorkerTask<ReferenceJob, ReferenceOutput> = {
  name: 'drift-reference',
  async run(job, progress) {
    const warnings: string[] = [];
    let reported = 0;
    const columns = await loadReferenceSides(
      {
        source: job.source,
        inputName: 'reference',
        format: job.format,
        maxBadRecords: job.maxBadRecords,
        maxRecordBytes: job.maxRecordBytes,
        onWarning: (message) => warnings.push(message),
        // In steps of 1 MiB: one message per chunk read would outnumber the work.
        progress: () => (bytesRead) => {
          if (bytesRead - reported < 1 << 20) return;
          progress(bytesRead - reported);
          reported = bytesRead;
        },
      },
      job.features,
      new Set(job.categorical),
      job.exactBudget,
    );
    const sides = new Map<string, FeatureSide>();
    for (const c of columns) sides.set(c.name, c.side());
    return { sides, sketched: columns.filter((c) => c.sketched).map((c) => c.name), warnings };
  },
};

/**
 * A reference file at least this large is read in a worker thread while the predictions are read in this one.
 * Measured side by side (2 cores): starting a worker and loading its code takes a fifth to a quarter of the time
 * reading and reducing 8 MB of CSV takes, so from here the overlap clearly pays (README, "Reading in parallel").
 */
const PARALLEL_REFERENCE_BYTES = 8 * 1024 * 1024;

/**
 * Start reading the reference data in a worker thread when that pays: more than one thread, a local file (not a
 * `.json` summary, not raw DMS output) of at least PARALLEL_REFERENCE_BYTES. Undefined otherwise: the reference is
 * then read in turn, after the predictions, as before.
 */
export function startReferenceInWorker(
  options: LoadOptions,
  features: string[],
  categorical: string[],
  exactBudget: number,
): OffThreadJob<ReferenceOutput> | undefined {
  const location = options.source;
  if (
    !canRunOffThread() ||
    options.cdc ||
    /\.json$/i.test(location) ||
    /^[a-z][a-z0-9+.-]*:\/\//i.test(location)
  )
    return undefined;
  const size = fileSize(location);
  if (size < PARALLEL_REFERENCE_BYTES) return undefined;
  const report = options.progress?.(`Reading ${options.inputName} ${location}`);
  let read = 0;
  const job: ReferenceJob = {
    source: location,
    format: options.format,
    maxBadRecords: options.maxBadRecords,
    maxRecordBytes: options.maxRecordBytes,
    features,
    categorical,
    exactBudget,
  };
  return runOffThread(referenceTask, job, (bytes) => {
    read += bytes;
    report?.(read, Math.max(size, read));
  });
}

/** The size of a regular file, 0 for anything else (a directory, a glob, a missing path). */
function fileSize(path: string): number {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.size : 0;
  } catch {
    return 0;
  }
}

/** The reference a worker read: its warnings given to `onWarning` now, in the order the run would have given them. */
export async function finishReference(
  job: OffThreadJob<ReferenceOutput>,
  onWarning: (message: string) => void,
): Promise<LoadedReference> {
  const out = await job.result;
  for (const w of out.warnings) onWarning(w);
  return { sides: out.sides, kind: 'data', sketched: out.sketched };
}
