export * from './action.js';
export * from './action-yml.js';
export * from './client.js';
export * from './comments.js';
export * from './context.js';
export * from './definition.js';
export * from './inputs.js';
export * from './issues.js';
export * from './logger.js';
// Transitional: removed with the adoption commit that moves the action packages' tests to '@mlops-actions/github/testing'.
export * from './testing.js';
