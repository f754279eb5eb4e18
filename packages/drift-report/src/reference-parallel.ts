// Reference data reduced off the main thread: one stream in a worker, or a large local CSV/TSV file cut into byte
// ranges reduced on every thread and merged in file order (reference-merge.ts).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FeatureSide } from '@mlops-actions/core';
import { planCsvRanges, readSchema } from '@mlops-actions/data';
import { canRunOffThread, eachInWorkers, type OffThreadJob, runOffThread } from '@mlops-actions/parallel';
import type { LoadOptions } from './load.js';
import { ReferenceMerge } from './reference-merge.js';
import {
  type RangeJob,
  type RangeOutput,
  type ReferenceJob,
  type ReferenceOutput,
  referenceRangeTask,
  referenceTask,
} from './reference-task.js';

/** Bytes per range when a reference file is cut for parallel reading (MLOPS_REFERENCE_RANGE_BYTES overrides it). */
const RANGE_BYTES = 64 * 1024 * 1024;

/** The range size: RANGE_BYTES, or MLOPS_REFERENCE_RANGE_BYTES when it is a positive integer (tests cut small files). */
function rangeBytes(env: NodeJS.ProcessEnv = process.env): number {
  const forced = Number(env.MLOPS_REFERENCE_RANGE_BYTES);
  return Number.isInteger(forced) && forced > 0 ? forced : RANGE_BYTES;
}

/**
 * Whether a reference is read in byte ranges: one local CSV/TSV file (by name; not compressed) larger than a range.
 * The cut does not depend on the thread count, so the result is the same on any machine and with any
 * MLOPS_WORKER_THREADS.
 */
function splitsIntoRanges(options: LoadOptions, size: number): boolean {
  return !options.cdc && /\.(csv|tsv)$/i.test(options.source.trim()) && size > rangeBytes();
}

/** How ranges run: on worker threads beside this one (offThread), or on `threads` threads while this one waits. */
interface RangeRun {
  offThread: boolean;
  signal?: AbortSignal;
  onProgress?: (bytes: number) => void;
}

/**
 * The reference file reduced range by range (planCsvRanges), in parallel, merged in file order. A range that fails
 * fails the ranges after it too: the file is read again in one stream from that range's start, a boundary the
 * ranges before it confirmed, with its true first line, so a bad record's error names the line one stream names,
 * and a cut that fell inside a quoted field is read through. Features whose batches mixed numbers and text are read
 * again in one stream (ReferenceMerge.mixed).
 */
async function reduceInRanges(job: ReferenceJob, size: number, run: RangeRun): Promise<ReferenceOutput> {
  const header = await readSchema(job.source, { inputName: 'reference', maxRecordBytes: job.maxRecordBytes });
  const share = Math.max(1, Math.floor(job.exactBudget / Math.max(1, job.features.length)));
  const base = {
    source: job.source,
    delimiter: /\.tsv$/i.test(job.source.trim()) ? ('\t' as const) : (',' as const),
    maxRecordBytes: job.maxRecordBytes,
    features: job.features,
    categorical: job.categorical,
    share,
  };
  const ranges = planCsvRanges(resolve(job.source.trim()), size, rangeBytes());
  // One array shared by the jobs not yet started (a job is copied to its worker when one takes it): a feature the
  // merged ranges took past its share is sketched from its first value there, so no range holds unusable values.
  const sketchOnly: string[] = [];
  const jobs: RangeJob[] = ranges.map((r, i) => ({
    ...base,
    range: { ...r, firstLine: 1, header: i ? header : undefined },
    sketchOnly,
    speculative: true,
  }));
  const merge = new ReferenceMerge(job.features, share);
  const arrived = new Map<number, RangeOutput>();
  let next = 0;
  let line = 1;
  let failed = -1;
  const stop = new AbortController();
  const signal = run.signal ? AbortSignal.any([run.signal, stop.signal]) : stop.signal;
  const options = { offThread: run.offThread, signal, onProgress: run.onProgress };
  // Results arrive in any order; they are merged in file order, each as soon as those before it are in.
  const onResult = (out: RangeOutput, index: number) => {
    arrived.set(index, out);
    for (let o = arrived.get(next); o && failed < 0; o = arrived.get(next)) {
      arrived.delete(next);
      if (!o.ok) {
        failed = next;
        stop.abort(new Error('a range failed'));
        return;
      }
      merge.add(o.parts);
      line += o.lines;
      next++;
      // Only confirmed ranges count: one read from a bad cut may have read a quoted field as records.
      for (const name of merge.pastShare()) if (!sketchOnly.includes(name)) sketchOnly.push(name);
    }
  };
  await eachInWorkers(referenceRangeTask, jobs, onResult, options).catch((error) => {
    if (failed < 0 || run.signal?.aborted) throw error;
  });
  if (failed >= 0) {
    const rest: RangeJob = {
      ...base,
      sketchOnly,
      range: {
        start: ranges[failed]!.start,
        end: size,
        firstLine: line,
        header: failed ? header : undefined,
      },
      speculative: false,
    };
    await eachInWorkers(referenceRangeTask, [rest], (out) => merge.add(out.parts), {
      ...options,
      signal: run.signal,
    });
  }
  const { sides, sketched } = merge.sides();
  const mixed = merge.mixed;
  if (mixed.length) {
    // The same share per feature as the whole read: the budget scaled to the features re-read.
    const again = { ...job, features: mixed, exactBudget: share * mixed.length };
    const out = run.offThread
      ? await runOffThread(referenceTask, again, run.onProgress).result
      : await referenceTask.run(again, () => {});
    for (const [name, side] of out.sides) sides.set(name, side);
    return {
      sides,
      sketched: job.features.filter((f) => (mixed.includes(f) ? out.sketched : sketched).includes(f)),
      warnings: out.warnings,
    };
  }
  return { sides, sketched, warnings: [] };
}

/**
 * Reference data reduced in this thread's turn (not beside the predictions): in byte ranges on the machine's
 * threads when it splits (splitsIntoRanges), undefined otherwise (the caller reads it in one stream).
 */
export function reduceReferenceHere(
  options: LoadOptions,
  features: string[],
  categorical: Set<string>,
  exactBudget: number,
): Promise<ReferenceOutput> | undefined {
  const size = fileSize(options.source);
  if (!splitsIntoRanges(options, size)) return undefined;
  const report = options.progress?.(`Reading ${options.inputName} ${options.source}`);
  let read = 0;
  return reduceInRanges(jobOf(options, features, [...categorical], exactBudget), size, {
    offThread: false,
    onProgress: (bytes) => {
      read += bytes;
      report?.(read, Math.max(size, read));
    },
  });
}

const jobOf = (
  options: LoadOptions,
  features: string[],
  categorical: string[],
  exactBudget: number,
): ReferenceJob => ({
  source: options.source,
  format: options.format,
  maxBadRecords: options.maxBadRecords,
  maxRecordBytes: options.maxRecordBytes,
  features,
  categorical,
  exactBudget,
});

/**
 * A reference file at least this large is read in a worker thread while the predictions are read in this one.
 * Measured side by side (2 cores): starting a worker and loading its code takes a fifth to a quarter of the time
 * reading and reducing 8 MB of CSV takes, so from here the overlap clearly pays (README, "Reading in parallel").
 */
const PARALLEL_REFERENCE_BYTES = 8 * 1024 * 1024;

/**
 * Start reading the reference data in worker threads when that pays: more than one thread, a local file (not a
 * `.json` summary, not raw DMS output) of at least PARALLEL_REFERENCE_BYTES; a CSV/TSV file larger than a range is
 * cut into byte ranges reduced on every thread. Undefined otherwise: the reference is then read in turn, after the
 * predictions, as before.
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
  const onProgress = (bytes: number) => {
    read += bytes;
    report?.(read, Math.max(size, read));
  };
  const job = jobOf(options, features, categorical, exactBudget);
  if (!splitsIntoRanges(options, size)) return runOffThread(referenceTask, job, onProgress);
  const cancel = new AbortController();
  const result = reduceInRanges(job, size, { offThread: true, signal: cancel.signal, onProgress });
  result.catch(() => {}); // handled by whoever awaits it; a cancelled job's failure is nobody's
  return { result, cancel: () => cancel.abort(new Error('the reference is no longer needed')) };
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
): Promise<{ sides: Map<string, FeatureSide>; kind: 'data'; sketched: string[] }> {
  const out = await job.result;
  for (const w of out.warnings) onWarning(w);
  return { sides: out.sides, kind: 'data', sketched: out.sketched };
}
