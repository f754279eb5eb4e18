export * from './files.js';
export * from './types.js';
