export * from './features.js';
export * from './ks.js';
export * from './result.js';
export * from './sketch.js';
export * from './stats.js';
