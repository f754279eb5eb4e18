export { evaluateChampionChallenger, scoreModel } from './evaluate.js';
export { seededRandom } from './random.js';
export type { EvaluationResult } from './result.js';
export { assignWindows, rowsByWindow, windowBounds } from './windows.js';
