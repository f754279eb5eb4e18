// The worker thread's entry: bundled as dist/worker.js next to each action's index.js (scripts/build.mjs), run
// through tsx from source in tests. Runs the jobs the pool posts, one at a time, and reports progress and results.
import { parentPort } from 'node:worker_threads';
import { UserError } from '@mlops-actions/core';
import type { JobMessage, WorkerReply } from './pool.js';
import { TASKS } from './tasks.js';

const port = parentPort;
if (!port) throw new Error('packages/parallel/src/worker.ts runs only as a worker thread');
port.on('message', async (job: JobMessage) => {
  const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    const task = TASKS.get(job.task);
    if (!task) throw new Error(`unknown worker task ${JSON.stringify(job.task)}`);
    const output = await task.run(job.input as never, (units) => reply({ id: job.id, progress: units }));
    // Typed arrays in the result move to the main thread instead of being copied.
    reply({ id: job.id, output }, transferables(output));
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const user = e instanceof UserError;
    reply({
      id: job.id,
      error: { message: e.message, stack: e.stack ?? '', hint: user ? e.hint : undefined, user },
    });
  }
});

/**
 * The buffers of the typed arrays in a result (itself, or in its objects, arrays and Maps), each once: only those a
 * view owns whole, so a slice of Node's shared Buffer pool is copied, never detached.
 */
function transferables(output: unknown, found = new Set<ArrayBuffer>(), depth = 0): ArrayBuffer[] {
  if (ArrayBuffer.isView(output)) {
    const { buffer } = output;
    if (buffer instanceof ArrayBuffer && buffer.byteLength === output.byteLength) found.add(buffer);
  } else if (output !== null && typeof output === 'object' && depth < 4) {
    const values = output instanceof Map ? output.values() : Object.values(output);
    for (const value of values) transferables(value, found, depth + 1);
  }
  return [...found];
}
