// Entry helpers that import @actions/core; only action entries and the CLI import this file.
export * from './run-action.js';
