import { bootstrapTask, parseMetric, planBootstrap, seededRandom } from '@mlops-actions/core';
import { describe, expect, it } from 'vitest';
import { eachInWorkers, runInWorkers, threadCount } from './pool.js';

function plan(resamples: number) {
  const r = seededRandom(4);
  const n = 3000;
  const labels = Float64Array.from({ length: n }, () => (r() < 0.3 ? 1 : 0));
  const champion = Float64Array.from(labels, (y) => Math.round((0.3 * y + 0.7 * r()) * 100) / 100);
  const challenger = Float64Array.from(labels, (y) => Math.round((0.4 * y + 0.6 * r()) * 100) / 100);
  return planBootstrap({
    spec: parseMetric('average-precision'),
    champion: { labels, scores: champion },
    challenger: { labels, scores: challenger },
    windows: [Uint32Array.from({ length: n }, (_, i) => i)],
    gamma: 0.8,
    normalize: true,
    resamples,
    seed: 7,
  });
}

describe('runInWorkers', () => {
  it('runs a task in worker threads (from source, through tsx) with the same results as in this thread', async () => {
    const p = plan(30);
    const jobs = [
      { plan: p, from: 0, to: 10 },
      { plan: p, from: 10, to: 20 },
      { plan: p, from: 20, to: 30 },
    ];
    let units = 0;
    const threaded = await runInWorkers(bootstrapTask, jobs, { threads: 2, onProgress: (n) => (units += n) });
    const inline = await runInWorkers(bootstrapTask, jobs, { threads: 1 });
    expect(threaded.map((a) => Array.from(a))).toEqual(inline.map((a) => Array.from(a)));
    expect(threaded[0]).toBeInstanceOf(Float64Array);
    expect(units).toBe(30);
  });

  it('rejects with the task error raised in the worker', async () => {
    const broken = { plan: { ...plan(2), draws: -1 }, from: 0, to: 2 };
    await expect(runInWorkers(bootstrapTask, [broken, broken], { threads: 2 })).rejects.toThrow(
      /worker task bootstrap: .*length/i,
    );
  });
});

describe('eachInWorkers', () => {
  it('gives each result with its input index as it arrives, holding none', async () => {
    const p = plan(20);
    const jobs = [0, 5, 10, 15].map((from) => ({ plan: p, from, to: from + 5 }));
    const inline = await runInWorkers(bootstrapTask, jobs, { threads: 1 });
    const seen = new Map<number, number[]>();
    await eachInWorkers(bootstrapTask, jobs, (out, index) => seen.set(index, Array.from(out)), {
      threads: 2,
    });
    expect([...seen.keys()].sort()).toEqual([0, 1, 2, 3]);
    expect([0, 1, 2, 3].map((i) => seen.get(i))).toEqual(inline.map((a) => Array.from(a)));
  });

  it('stops its workers when the signal aborts, rejecting with its reason', async () => {
    const p = plan(40);
    const jobs = Array.from({ length: 8 }, (_, i) => ({ plan: p, from: i * 5, to: i * 5 + 5 }));
    const stop = new AbortController();
    let results = 0;
    const run = eachInWorkers(
      bootstrapTask,
      jobs,
      () => {
        results++;
        stop.abort(new Error('enough'));
      },
      { threads: 2, signal: stop.signal },
    );
    await expect(run).rejects.toThrow('enough');
    expect(results).toBeLessThan(jobs.length);
  });
});

describe('threadCount', () => {
  it('uses the machine (at most 4) unless MLOPS_WORKER_THREADS says otherwise', () => {
    expect(threadCount({})).toBeGreaterThanOrEqual(1);
    expect(threadCount({})).toBeLessThanOrEqual(4);
    expect(threadCount({ MLOPS_WORKER_THREADS: '1' })).toBe(1);
    expect(threadCount({ MLOPS_WORKER_THREADS: 'x' })).toBe(threadCount({}));
  });
});
