export * from './deploy-stack.js';
export * from './drift.js';
export * from './drift-issue.js';
export * from './escape.js';
export * from './evaluation.js';
export * from './markdown.js';
export * from './promote-model.js';
export * from './training.js';
