export * from './features.js';
export * from './id-like.js';
export * from './ks.js';
export * from './result.js';
export * from './sketch.js';
export * from './stats.js';
