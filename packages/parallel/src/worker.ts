// The worker thread's entry: bundled as dist/worker.js next to each action's index.js (scripts/build.mjs), run
// through tsx from source in tests. Runs the jobs the pool posts, one at a time, and reports progress and results.
import { parentPort } from 'node:worker_threads';
import type { JobMessage, WorkerReply } from './pool.js';
import { TASKS } from './tasks.js';

const port = parentPort;
if (!port) throw new Error('packages/parallel/src/worker.ts runs only as a worker thread');
/** The ArrayBuffers of the typed arrays in an output (nested in arrays, Maps and plain objects), each once. */
function transferables(value: unknown, found = new Set<ArrayBuffer>()): Set<ArrayBuffer> {
  // Node's Buffers may share a pooled ArrayBuffer with other Buffers of this thread: those are copied.
  if (ArrayBuffer.isView(value)) {
    if (!Buffer.isBuffer(value) && value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (value instanceof Map) for (const v of value.values()) transferables(v, found);
  else if (Array.isArray(value)) for (const v of value) transferables(v, found);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) transferables(v, found);
  return found;
}

port.on('message', async (job: JobMessage) => {
  const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    const task = TASKS.get(job.task);
    if (!task) throw new Error(`unknown worker task ${JSON.stringify(job.task)}`);
    const output = await task.run(job.input as never, (units) => reply({ id: job.id, progress: units }));
    // Typed arrays in the result move to the main thread instead of being copied.
    reply({ id: job.id, output }, [...transferables(output)]);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const hint = (e as { hint?: unknown }).hint;
    reply({
      id: job.id,
      error: {
        message: e.message,
        stack: e.stack ?? '',
        name: e.name,
        hint: typeof hint === 'string' ? hint : undefined,
      },
    });
  }
});
