export { DictionaryEncoder } from './dictionary.js';
export { FloatBuffer } from './float-buffer.js';
