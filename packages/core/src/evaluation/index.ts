export * from './as-of.js';
export { evaluateChampionChallenger, scoreModel } from './evaluate.js';
export * from './join.js';
export * from './ledger-record.js';
export { seededRandom } from './random.js';
export type { EvaluationResult } from './result.js';
export { assignWindows, rowsByWindow, type WindowPlan, windowBounds } from './windows.js';
