export * from './cli.js';
export * from './command.js';
export * from './flags.js';
export * from './help.js';
export * from './io.js';
export * from './registry.js';
export * from './version.js';
