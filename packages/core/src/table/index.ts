export { DictionaryEncoder } from './dictionary.js';
export { FloatBuffer } from './float-buffer.js';
export { FloatChunks } from './float-chunks.js';
export { sortFloat64 } from './sort.js';
