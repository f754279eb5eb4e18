export * from './decision.js';
export * from './estimated-performance.js';
export * from './features.js';
export * from './ks.js';
export * from './multiple-testing.js';
export * from './result.js';
export * from './sketch.js';
export * from './stats.js';
