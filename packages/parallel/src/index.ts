export { runInWorkers, threadCount } from './pool.js';
