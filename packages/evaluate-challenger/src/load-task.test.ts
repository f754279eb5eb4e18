import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMetric } from '@mlops-actions/core';
import { runInWorkers } from '@mlops-actions/parallel';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPredictions } from './load.js';
import { type LoadJob, loadPredictionsTask } from './load-task.js';

const dir = mkdtempSync(join(tmpdir(), 'load-task-'));

describe('loadPredictionsTask', () => {
  const threads = process.env.MLOPS_WORKER_THREADS;
  afterEach(() => {
    if (threads === undefined) delete process.env.MLOPS_WORKER_THREADS;
    else process.env.MLOPS_WORKER_THREADS = threads;
  });

  it('loads on a worker thread what loadPredictions loads here: scores, and ids partitioned the same', async () => {
    // Over two reader batches (65,536 rows), ids of several lengths, non-ASCII ones among them.
    const lines = ['id,score'];
    for (let i = 0; i < 150_000; i++)
      lines.push(`${i % 7 === 0 ? 'ü' : 'u'}-${(i * 7919) % 1_000_003},${(i % 997) / 997}`);
    const source = join(dir, 'champion.csv');
    writeFileSync(source, `${lines.join('\n')}\n`);
    const job: LoadJob = {
      source,
      inputName: 'champion',
      idColumn: 'id',
      scoreColumns: ['score'],
      sliceColumns: [],
      metric: parseMetric('average-precision'),
    };
    process.env.MLOPS_WORKER_THREADS = '2';
    let progress = 0;
    const [threaded] = await runInWorkers(loadPredictionsTask, [job], {
      offThread: true,
      onProgress: (bytes) => (progress += bytes),
    });
    const here = await loadPredictions(job);
    const { ids, scores, ...rest } = threaded!;
    expect(ids!.bits).toBe(6);
    expect(rest).toEqual({ ...here, ids: undefined, scores: undefined });
    // Arrays compared as their first differing index (a diff of 150,000 values would not print in time).
    const arrays = (c: typeof here) => ({ ...c.ids!, score: c.scores.get('score')! });
    const theirs = arrays(threaded!);
    const ours = arrays(here);
    const firstDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
      return -1;
    };
    for (const key of ['starts', 'rows', 'hashes', 'offsets', 'bytes', 'score'] as const)
      expect(firstDifference(theirs[key], ours[key]), key).toBe(-1);
    expect([...scores.keys()]).toEqual(['score']);
    expect(progress).toBeGreaterThan(0);
  }, 60_000);
});
