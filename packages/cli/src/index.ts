// What the workspace imports from the CLI package (tests run commands in-process; the definitions test lists actions).
export { runCli } from './cli.js';
export { actions } from './registry.js';
