export { parseIsoTimestamp, parseTimestamp } from './timestamp.js';
