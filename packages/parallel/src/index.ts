export {
  canRunOffThread,
  eachInWorkers,
  type OffThreadJob,
  runInWorkers,
  runOffThread,
  threadCount,
  type WorkerTask,
} from './pool.js';
