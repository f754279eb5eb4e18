export * from './ks.js';
export * from './stats.js';
export * from './features.js';
export * from './result.js';
