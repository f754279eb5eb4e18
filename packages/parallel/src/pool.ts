import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { UserError } from '@mlops-actions/core';

// node:worker_threads takes ~1.6 ms to load and a run on small local files starts no worker (start-up, issue 21.6):
// required when the first worker starts. Synchronously, as runOffThread returns at once; a built-in needs no bundling.
const requireBuiltin = createRequire(import.meta.url);

function startWorker(file: string, options: WorkerOptions): Worker {
  const threads = requireBuiltin('node:worker_threads') as typeof import('node:worker_threads');
  return new threads.Worker(file, options);
}

/** A pure unit of work a worker thread can run: plain data in, plain data (or a typed array) out. */
export interface WorkerTask<I, O> {
  /** The name the worker finds it by (packages/parallel/src/tasks.ts lists every task). */
  name: string;
  /** Runs the job; `progress(units)` reports work done so far (the pool adds it up for the caller). */
  run(input: I, progress: (units: number) => void): O | Promise<O>;
}

/** The message the pool posts to a worker. */
export interface JobMessage {
  id: number;
  task: string;
  input: unknown;
}

/** What a worker posts back: progress, a result, or an error. */
export type WorkerReply =
  | { id: number; progress: number }
  | { id: number; output: unknown }
  | { id: number; error: { message: string; stack: string; hint?: string; user?: boolean } };

const MAX_THREADS = 4;

/**
 * Threads for CPU-bound work: `os.availableParallelism()` (GitHub-hosted runners have 2–4 cores), at most 4 (more
 * rarely pays for the copies), at least 1; MLOPS_WORKER_THREADS overrides it (1 runs everything in this thread).
 */
export function threadCount(env: NodeJS.ProcessEnv = process.env): number {
  const forced = Number(env.MLOPS_WORKER_THREADS);
  if (Number.isInteger(forced) && forced >= 1) return forced;
  return Math.max(1, Math.min(MAX_THREADS, availableParallelism()));
}

/**
 * Where the worker entry is: dist/worker.js beside the bundle this module was bundled into (scripts/build.mjs emits
 * it for every action), or worker.ts beside this file when running from source (tsx, vitest), loaded through tsx.
 * Null when there is none (a bundle built without it): the work then runs in this thread.
 */
function workerEntry(): { file: string; execArgv: string[] } | null {
  const here = fileURLToPath(import.meta.url);
  const fromSource = here.endsWith('.ts');
  const file = join(dirname(here), fromSource ? 'worker.ts' : 'worker.js');
  if (!existsSync(file)) return null;
  if (!fromSource) return { file, execArgv: [] };
  // tsx resolved from here, not from the working directory (the CLI runs anywhere).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file, execArgv: ['--import', tsx] };
}

/**
 * Run `task` on every input, spread over up to `threads` worker threads (each runs one job at a time, taking the
 * next from the queue); results come back in input order. Inputs and outputs are copied by structured clone
 * (typed-array outputs are transferred). With one thread, or no worker entry, the jobs run here, in order.
 */
export async function runInWorkers<I, O>(
  task: WorkerTask<I, O>,
  inputs: readonly I[],
  options: { threads?: number; onProgress?: (units: number) => void; offThread?: boolean } = {},
): Promise<O[]> {
  const results = new Array<O>(inputs.length);
  await eachInWorkers(task, inputs, (output, index) => (results[index] = output), options);
  return results;
}

/**
 * runInWorkers without holding the results: each is given to `onResult` as it arrives (in completion order, with its
 * input's index), so a caller can fold results of many jobs in bounded memory. `signal` stops the workers: the
 * promise then rejects with the signal's reason.
 */
export async function eachInWorkers<I, O>(
  task: WorkerTask<I, O>,
  inputs: readonly I[],
  onResult: (output: O, index: number) => void,
  options: {
    threads?: number;
    onProgress?: (units: number) => void;
    offThread?: boolean;
    signal?: AbortSignal;
  } = {},
): Promise<void> {
  const threads = Math.min(options.threads ?? threadCount(), inputs.length);
  // offThread: even one job goes to a worker, so that this thread can do other work meanwhile.
  const entry = threads > 1 || (options.offThread && threadCount() > 1) ? workerEntry() : null;
  const progress = (units: number) => options.onProgress?.(units);
  const { signal } = options;
  if (!entry) {
    for (let i = 0; i < inputs.length; i++) {
      signal?.throwIfAborted();
      onResult(await task.run(inputs[i]!, progress), i);
    }
    return;
  }
  let next = 0;
  const workers: Worker[] = [];
  const stop = () => {
    for (const w of workers) void w.terminate();
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await Promise.all(
      Array.from({ length: threads }, async () => {
        // From source, tsx would leave its compile cache in TMPDIR: a command leaves behind only what it names.
        const env = entry.execArgv.length ? { ...process.env, TSX_DISABLE_CACHE: '1' } : process.env;
        const worker = startWorker(entry.file, { execArgv: entry.execArgv, env });
        workers.push(worker);
        while (next < inputs.length) {
          signal?.throwIfAborted();
          const id = next++;
          onResult(await runJob<O>(worker, { id, task: task.name, input: inputs[id] }, progress), id);
        }
      }),
    );
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  } finally {
    signal?.removeEventListener('abort', stop);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Whether work handed to `runOffThread` gets a thread of its own: more than one thread (threadCount) and a worker
 * entry beside this module. When not, such work would only take turns with this thread's, so callers keep it
 * sequential.
 */
export function canRunOffThread(): boolean {
  return threadCount() > 1 && workerEntry() !== null;
}

/** A job running on a thread of its own: its result, and `cancel` to stop it when the result is no longer wanted. */
export interface OffThreadJob<O> {
  result: Promise<O>;
  cancel(): void;
}

/**
 * Start `task` on `input` in a worker thread of its own while this thread does other work (in this thread, after
 * the current turn, when canRunOffThread is false). The worker ends with the job, or on `cancel`.
 */
export function runOffThread<I, O>(
  task: WorkerTask<I, O>,
  input: I,
  onProgress?: (units: number) => void,
): OffThreadJob<O> {
  const progress = (units: number) => onProgress?.(units);
  const entry = canRunOffThread() ? workerEntry() : null;
  if (!entry) {
    const result = Promise.resolve().then(() => task.run(input, progress));
    result.catch(() => {}); // handled by whoever awaits it; a cancelled job's failure is nobody's
    return { result, cancel: () => {} };
  }
  const env = entry.execArgv.length ? { ...process.env, TSX_DISABLE_CACHE: '1' } : process.env;
  const worker = startWorker(entry.file, { execArgv: entry.execArgv, env });
  const result = runJob<O>(worker, { id: 0, task: task.name, input }, progress).finally(() =>
    worker.terminate(),
  );
  result.catch(() => {});
  return { result, cancel: () => void worker.terminate() };
}

/** Post one job to a worker and wait for its result, forwarding progress; a worker error or exit rejects. */
function runJob<O>(worker: Worker, job: JobMessage, progress: (units: number) => void): Promise<O> {
  return new Promise<O>((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: WorkerReply) => {
      if (reply.id !== job.id) return;
      if ('progress' in reply) return progress(reply.progress);
      cleanup();
      if ('error' in reply) {
        // A user error (a file's bad cell) stays one: its message and hint are what the user must see.
        if (reply.error.user) return reject(new UserError(reply.error.message, { hint: reply.error.hint }));
        const error = new Error(`worker task ${job.task}: ${reply.error.message}`);
        error.stack = reply.error.stack;
        reject(error);
      } else resolve(reply.output as O);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`worker for task ${job.task} exited with code ${code} before finishing`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job);
  });
}
