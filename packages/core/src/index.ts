// Core's public surface: what the other packages (and bench/) use. Statistical internals (SciPy ports, special
// functions, metric kernels) stay internal; tests import them from their modules.
export * from './drift/index.js';
export * from './errors.js';
export * from './evaluation/index.js';
export * from './metrics/index.js';
export * from './promotion/index.js';
export * from './run-provenance.js';
export * from './sql/index.js';
export * from './table/index.js';
export * from './time/index.js';
