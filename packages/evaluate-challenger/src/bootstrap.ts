import {
  type BootstrapInput,
  type BootstrapResult,
  bootstrapTask,
  planBootstrap,
  summariseBootstrap,
} from '@mlops-actions/core';
import { runInWorkers } from '@mlops-actions/parallel';

/**
 * The paired bootstrap with its resamples spread over worker threads: the plan (rows sorted once) is built here,
 * each thread runs a contiguous range of resamples, and the ranges are joined in order. Every resample's weights
 * depend only on (seed, resample), so the result is the same as core's pairedBootstrap in one thread.
 */
export async function parallelBootstrap(
  input: BootstrapInput,
  threadLimit: number,
): Promise<BootstrapResult> {
  const plan = planBootstrap(input);
  const threads = Math.max(1, Math.min(threadLimit, plan.resamples));
  const ranges = Array.from({ length: threads }, (_, t) => ({
    plan,
    from: Math.floor((t * plan.resamples) / threads),
    to: Math.floor(((t + 1) * plan.resamples) / threads),
  }));
  let done = 0;
  const parts = await runInWorkers(bootstrapTask, ranges, {
    threads,
    onProgress: (units) => {
      done += units;
      input.onProgress?.(done, plan.resamples);
    },
  });
  const improvements = new Float64Array(plan.resamples);
  for (const [t, part] of parts.entries()) improvements.set(part, ranges[t]!.from);
  input.onProgress?.(plan.resamples, plan.resamples);
  return summariseBootstrap(plan, improvements);
}
