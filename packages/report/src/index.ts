export * from './escape.js';
export * from './evaluation.js';
export * from './markdown.js';
export * from './drift.js';
