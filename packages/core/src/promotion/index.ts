export * from './artifact.js';
export * from './ledger.js';
export * from './plan.js';
export * from './verdict.js';
