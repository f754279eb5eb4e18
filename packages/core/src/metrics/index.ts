export * from './classification.js';
export * from './ranking.js';
export * from './registry.js';
export * from './regression.js';
