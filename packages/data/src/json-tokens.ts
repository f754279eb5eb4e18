// JSON tokens read from bytes for the JSON Lines scanner (jsonl-scan.ts): the grammar of numbers and of \u escapes,
// strictly as JSON.parse reads them.

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/** The code unit of the four hex digits at b[i], or -1. */
export function hex4(b: Uint8Array, i: number): number {
  let unit = 0;
  for (let k = i; k < i + 4; k++) {
    const c = b[k] ?? 0;
    const l = c | 0x20; // lower case, for letters only
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
    if (d < 0) return -1;
    unit = (unit << 4) | d;
  }
  return unit;
}

/** The end of the JSON number at b[i] (strict grammar), or -1. */
export function numberEnd(b: Uint8Array, i: number): number {
  let j = i;
  if (b[j] === 0x2d) j++;
  if (b[j] === 0x30) j++;
  else if (isDigit(b[j])) while (isDigit(b[j])) j++;
  else return -1;
  if (b[j] === 0x2e) {
    j++;
    if (!isDigit(b[j])) return -1;
    while (isDigit(b[j])) j++;
  }
  if ((b[j]! | 0x20) === 0x65) {
    j++;
    if (b[j] === 0x2b || b[j] === 0x2d) j++;
    if (!isDigit(b[j])) return -1;
    while (isDigit(b[j])) j++;
  }
  return j;
}
