export * from './clients.js';
export * from './names.js';
export * from './transform.js';
