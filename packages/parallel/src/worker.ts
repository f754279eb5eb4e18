// The worker thread's entry: bundled as dist/worker.js next to each action's index.js (scripts/build.mjs), run
// through tsx from source in tests. Runs the jobs the pool posts, one at a time, and reports progress and results.
import { parentPort } from 'node:worker_threads';
import type { JobMessage, WorkerReply } from './pool.js';
import { TASKS } from './tasks.js';

const port = parentPort;
if (!port) throw new Error('packages/parallel/src/worker.ts runs only as a worker thread');
port.on('message', (job: JobMessage) => {
  const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    const task = TASKS.get(job.task);
    if (!task) throw new Error(`unknown worker task ${JSON.stringify(job.task)}`);
    const output = task.run(job.input as never, (units) => reply({ id: job.id, progress: units }));
    // Typed-array results move to the main thread instead of being copied.
    const transfer =
      ArrayBuffer.isView(output) && output.buffer instanceof ArrayBuffer ? [output.buffer] : [];
    reply({ id: job.id, output }, transfer);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply({ id: job.id, error: { message: e.message, stack: e.stack ?? '' } });
  }
});
