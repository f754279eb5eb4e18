export { runInWorkers, threadCount, type WorkerTask } from './pool.js';
