export * from './drift/index.js';
export * from './errors.js';
export * from './evaluation/index.js';
export * from './metrics/index.js';
export * from './promotion/index.js';
