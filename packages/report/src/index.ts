export * from './drift.js';
export * from './drift-issue.js';
export * from './escape.js';
export * from './evaluation.js';
export * from './markdown.js';
