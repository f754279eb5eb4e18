export * from './bootstrap.js';
export * from './cbpe.js';
export * from './evaluate.js';
export * from './promotion.js';
export * from './random.js';
export * from './result.js';
export * from './windows.js';
