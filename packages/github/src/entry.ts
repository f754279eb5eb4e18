// Entry helpers that write workflow commands (process.stdout, GITHUB_* files); only action entries and the CLI import this file.
export * from './run-action.js';
