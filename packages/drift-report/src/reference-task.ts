// The worker tasks that reduce reference data (packages/parallel lists them): a whole source in one stream
// (referenceTask), or one byte range of a large local CSV/TSV file (referenceRangeTask; reference-parallel.ts cuts
// the file, runs the ranges and merges them).
import type { FeatureSide } from '@mlops-actions/core';
import { type CsvRange, type Format, readCsvRange } from '@mlops-actions/data';
import type { WorkerTask } from '@mlops-actions/parallel';
import { featureRequests } from './load.js';
import { type FeaturePart, loadReferenceSides, ReferenceAccumulator } from './reference-accumulator.js';

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

/** Progress in steps of 1 MiB: one message per chunk read would outnumber the work. */
function byMiB(progress: (units: number) => void): (bytesRead: number) => void {
  let reported = 0;
  return (bytesRead) => {
    if (bytesRead - reported < 1 << 20) return;
    progress(bytesRead - reported);
    reported = bytesRead;
  };
}

/**
 * Reference data read and reduced in a worker thread (packages/parallel runs it by name), so it overlaps with the
 * predictions read in the main thread. Progress units are bytes read; warnings come back with the result.
 */
export const referenceTask: WorkerTask<ReferenceJob, ReferenceOutput> = {
  name: 'drift-reference',
  async run(job, progress) {
    const warnings: string[] = [];
    const columns = await loadReferenceSides(
      {
        source: job.source,
        inputName: 'reference',
        format: job.format,
        maxBadRecords: job.maxBadRecords,
        maxRecordBytes: job.maxRecordBytes,
        onWarning: (message) => warnings.push(message),
        progress: () => byMiB(progress),
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

/** One byte range of a reference file to reduce; `speculative`: a failure is returned (the caller re-reads). */
export interface RangeJob {
  source: string;
  delimiter: ',' | '\t';
  range: CsvRange;
  maxRecordBytes?: number;
  features: string[];
  categorical: string[];
  /** Values each feature may hold exactly (loadReferenceSides' share of the budget). */
  share: number;
  /** Features the ranges before already took past their share: sketched from the first value, nothing held. */
  sketchOnly: string[];
  speculative: boolean;
}

/** A range's reduction: its features' parts and the lines it spans, or `ok: false` when a speculative read failed. */
export interface RangeOutput {
  ok: boolean;
  lines: number;
  parts: Map<string, FeaturePart>;
}

/**
 * One byte range of a reference CSV/TSV file reduced in a worker thread: each feature held exactly up to its share,
 * always with a sketch to merge (ReferenceAccumulator.part). A range read on a guessed start (speculative) that
 * fails says so instead of throwing: its error, if real, is given by the re-read from a start known to be good.
 */
export const referenceRangeTask: WorkerTask<RangeJob, RangeOutput> = {
  name: 'drift-reference-range',
  async run(job, progress) {
    const categorical = new Set(job.categorical);
    const sketchOnly = new Set(job.sketchOnly);
    const columns = job.features.map(
      (f) => new ReferenceAccumulator(f, categorical.has(f), sketchOnly.has(f) ? 0 : job.share),
    );
    let end = job.range.firstLine;
    try {
      const options = {
        columns: featureRequests(job.features, categorical),
        inputName: 'reference',
        maxRecordBytes: job.maxRecordBytes,
        delimiter: job.delimiter,
      };
      const onEnd = (line: number) => (end = line);
      for await (const batch of readCsvRange(job.source, job.range, options, onEnd, byMiB(progress)))
        for (const c of columns)
          c.append(batch.columns.get(c.name)!, `${batch.source}, records from ${batch.firstRecord}`);
    } catch (error) {
      if (job.speculative) return { ok: false, lines: 0, parts: new Map() };
      throw error;
    }
    return {
      ok: true,
      lines: end - job.range.firstLine,
      parts: new Map(columns.map((c) => [c.name, c.part()])),
    };
  },
};
