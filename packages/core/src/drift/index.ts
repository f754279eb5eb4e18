export * from './ks.js';
export * from './stats.js';
