export * from './capture.js';
export * from './cells.js';
export * from './files.js';
export * from './read.js';
export * from './records.js';
export * from './sources.js';
export * from './types.js';
