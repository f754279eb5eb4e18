export * from './escape.js';
export * from './markdown.js';
export * from './evaluation.js';
