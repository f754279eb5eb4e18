/**
 * Poisson(1) bootstrap weights (the "Poisson bootstrap": each row is drawn a Poisson(1) number of times instead of a
 * multinomial draw of exactly n rows; Hanley & MacGibbon 2006, Chamandy et al. 2012). The weights of resample b
 * come from their own random stream, seeded from (seed, b) alone, so a resample is the same whichever thread runs
 * it and in whatever order, and each stream is generated in one sequential pass: no random scatter over the rows.
 */

// Inverse-CDF table over 16 random bits: table[u] = min k such that u / 2^16 < P(W <= k), W ~ Poisson(1). Each
// probability is within 2^-16 of the exact one (mean 1 and variance 1 within 1e-4), which no interval can see.
// Built on first use, not when core loads: every action imports core, and only the bootstrap needs the table.
let poissonTable: Uint8Array | undefined;
function buildPoissonTable(): Uint8Array {
  const table = new Uint8Array(65_536);
  let k = 0;
  let p = Math.exp(-1);
  let cdf = p;
  for (let u = 0; u < table.length; u++) {
    while (u / 65_536 >= cdf && k < 255) {
      k++;
      p /= k;
      cdf += p;
    }
    table[u] = k;
  }
  return table;
}

/** murmur3's 32-bit finaliser: a bijective mix, used to derive independent stream seeds. */
function fmix32(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * Fill `out` with the Poisson(1) weights of resample `b` of `seed`. The stream is SFC32 (128-bit state, period at
 * least 2^32 per stream, 2^127 on average) seeded by mixing (seed, b): streams of different resamples do not
 * overlap in practice, unlike seeds of one 32-bit generator, which are offsets into the same cycle.
 */
export function poissonWeights(seed: number, b: number, out: Uint8Array): void {
  poissonTable ??= buildPoissonTable();
  const table = poissonTable;
  let a0 = fmix32(seed ^ 0x9e3779b9);
  let a1 = fmix32((b + 0x7f4a7c15) >>> 0);
  let a2 = fmix32((a0 ^ Math.imul(b, 0x85ebca6b)) >>> 0);
  let counter = 1;
  let t = 0;
  const n = out.length;
  // Negative positions are warm-up rounds, discarded, so nearby (seed, b) pairs start far apart; then two weights
  // per 32-bit output.
  let i = -24;
  while (i < n) {
    t = (((a0 + a1) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    a0 = a1 ^ (a1 >>> 9);
    a1 = (a2 + (a2 << 3)) | 0;
    a2 = (a2 << 21) | (a2 >>> 11);
    a2 = (a2 + t) | 0;
    if (i < 0) {
      i += 2;
      continue;
    }
    out[i++] = table[t & 0xffff]!;
    if (i < n) out[i++] = table[t >>> 16]!;
  }
}
