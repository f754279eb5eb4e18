export { DictionaryEncoder } from './dictionary.js';
export { FloatBuffer } from './float-buffer.js';
export { sortFloat64 } from './sort.js';
