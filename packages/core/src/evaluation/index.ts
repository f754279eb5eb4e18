export * from './as-of.js';
export * from './bootstrap.js';
export * from './evaluate.js';
export * from './join.js';
export * from './ledger-record.js';
export * from './random.js';
export * from './result.js';
export * from './windows.js';
