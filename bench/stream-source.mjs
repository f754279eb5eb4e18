// Writes a CSV of about BYTES bytes to PATH (a named pipe): a header, then a fixed 8 MB block of generated rows
// repeated, so the writer is never the bottleneck. Usage: node bench/stream-source.mjs PATH BYTES
import { createWriteStream } from 'node:fs';

const [path, total] = [process.argv[2], Number(process.argv[3])];
let seed = 12345;
const next = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const rows = [];
let size = 0;
while (size < 8 << 20) {
  const row = `${(next() * 100).toFixed(3)},${(next() * 1e4).toFixed(1)},${Math.floor(next() * 90)},${(next() - 0.5).toFixed(6)},${(next() * 50).toFixed(2)},${['web', 'app', 'store', 'phone'][Math.floor(next() * 4)]}\n`;
  rows.push(row);
  size += row.length;
}
const block = Buffer.from(rows.join(''));
const out = createWriteStream(path);
let written = 0;
const header = Buffer.from('f0,f1,f2,f3,f4,channel\n');
out.write(header);
written += header.length;
const pump = () => {
  while (written < total) {
    written += block.length;
    if (!out.write(block)) return void out.once('drain', pump);
  }
  out.end();
};
out.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
});
pump();
console.log(JSON.stringify({ rows_per_block: rows.length, block_bytes: block.length }));
