// Ingest measurements for the byte-level CSV path (issue 21 items 1 and 5), each in its own process so RSS is its own.
// Usage: tsx bench/ingest.ts gen DIR ROWS | read FILE | predictions FILE | drift FILE
// `read` times readBatches over the predictions columns (id, timestamp, label, score, group); `predictions` loads
// them into evaluate-challenger's columns and reports resident bytes per row after a forced GC.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMetric, seededRandom } from '../packages/core/src/index.js';
import { readBatches } from '../packages/data/src/read.js';
import { loadPredictions } from '../packages/evaluate-challenger/src/load.js';

const [kind, ...args] = process.argv.slice(2);
const WEEK = 7 * 86_400_000;
const AS_OF = Date.parse('2026-11-23T00:00:00Z');

if (kind === 'gen') {
  const [dir, n] = [args[0]!, Number(args[1])];
  const r = seededRandom(7);
  const parts: string[] = ['id,timestamp,label,score,segment\n'];
  const lines: string[] = [];
  const groups = ['web', 'app', 'store', 'phone', 'partner'];
  for (let i = 0; i < n; i++) {
    const t = new Date(AS_OF - Math.floor(r() * 12 * WEEK)).toISOString();
    const y = r() < 0.2 ? 1 : 0;
    const s = Math.round(r() * 1e4) / 1e4;
    const g = groups[Math.floor(r() * 5)];
    parts.push(`ev-${i},${t},${y},${s},${g}\n`);
    lines.push(`{"id":"ev-${i}","timestamp":"${t}","label":${y},"score":${s},"segment":"${g}"}\n`);
  }
  writeFileSync(join(dir, 'p.csv'), parts.join(''));
  // The same rows as JSON Lines (issue 21.1's byte reader).
  writeFileSync(join(dir, 'p.jsonl'), lines.join(''));
} else if (kind === 'read') {
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  let rows = 0;
  for await (const b of readBatches(args[0]!, {
    columns: new Map(
      Object.entries({
        id: 'string',
        timestamp: 'timestamp',
        label: 'number',
        score: 'number',
        segment: 'string',
      }),
    ),
  }))
    rows += b.length;
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      rows,
      seconds,
      cpu_seconds: (cpu.user + cpu.system) / 1e6,
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    }),
  );
} else if (kind === 'predictions') {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Backing stores of freed typed arrays are released after the collection: collect, yield, collect again.
  const settle = async () => {
    for (let k = 0; k < 3; k++) {
      gc?.();
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await settle();
  const before = process.memoryUsage();
  const t = performance.now();
  const p = await loadPredictions({
    source: args[0]!,
    inputName: 'challenger',
    idColumn: 'id',
    timestampColumn: 'timestamp',
    labelColumn: 'label',
    scoreColumns: ['score'],
    groupColumn: 'segment',
    sliceColumns: [],
    metric: parseMetric('average-precision'),
  });
  const seconds = (performance.now() - t) / 1000;
  await settle();
  const after = process.memoryUsage();
  const held = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  console.log(
    JSON.stringify({
      rows: p.rows,
      seconds,
      bytes_per_row: held / p.rows,
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}
