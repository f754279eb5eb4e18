export * from './cli.js';
export * from './registry.js';
