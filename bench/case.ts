// Our side of one benchmark case, in its own process so peak memory is the case's own.
// Usage: tsx bench/case.ts CASE ARGS...  (prints one JSON object: seconds, peak_rss_mb, value)
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  assignWindows,
  type CategoryCounts,
  compareCategorical,
  compareNumeric,
  type DriftTest,
  type FeatureSide,
  type MetricColumns,
  parseMetric,
  rowsByWindow,
  scoreModel,
} from '@mlops-actions/core';
import { FeatureColumn, featureSide } from '../packages/drift-report/src/feature-column.js';
import { loadReference } from '../packages/drift-report/src/reference.js';
import { loadReferenceSides } from '../packages/drift-report/src/reference-accumulator.js';
import { loadPredictions } from '../packages/evaluate-challenger/src/load.js';

const WEEK = 7 * 86_400_000;
const f64 = (path: string) => {
  const b = readFileSync(path);
  return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
};
/** Values (missing included) a reference side was reduced from: the case's check that both sides read every row. */
const valuesRead = (side: FeatureSide) =>
  side.kind === 'numeric-summary'
    ? side.count + side.missing
    : side.kind === 'numeric'
      ? side.sorted.length + side.missing
      : Number.NaN;
const peakMb = () => process.resourceUsage().maxRSS / 1024;

function decayed(
  timestamps: Float64Array,
  labels: Float64Array,
  scores: Float64Array,
  metric: string,
): number {
  let asOf = -Infinity;
  for (const t of timestamps) if (t > asOf) asOf = t;
  const plan = { asOf, windowMs: WEEK, maxWindows: 12 };
  const windows = rowsByWindow(assignWindows(timestamps, plan), 12);
  const columns: MetricColumns = { labels, scores };
  return scoreModel(parseMetric(metric), columns, windows, { plan, gamma: 0.8, normalize: true }).score!;
}

const [kind, ...args] = process.argv.slice(2);
const out: Record<string, number> = {};
if (kind === 'metrics') {
  const [prefix, metric] = args as [string, string];
  const ts = f64(`${prefix}.ts.f64`);
  const labels = f64(`${prefix}.label.f64`);
  const scores = f64(`${prefix}.score.f64`);
  const t = performance.now();
  out.value = decayed(ts, labels, scores, metric);
  out.seconds = (performance.now() - t) / 1000;
} else if (kind === 'numeric') {
  const [prefix, n, test] = args as [string, string, DriftTest];
  const sides = Array.from(
    { length: Number(n) },
    (_, i) => [f64(`${prefix}.num${i}.ref.f64`), f64(`${prefix}.num${i}.cur.f64`)] as const,
  );
  const t = performance.now();
  const values: number[] = [];
  for (const [ref, cur] of sides) {
    const f = compareNumeric(
      'x',
      { kind: 'numeric', sorted: ref.slice().sort(), missing: 0 },
      { kind: 'numeric', sorted: cur.slice().sort(), missing: 0 },
      { test },
    );
    values.push(test === 'ks' ? f.p_value! : f.statistic, f.psi);
  }
  out.seconds = (performance.now() - t) / 1000;
  out.value = values[0]!;
} else if (kind === 'categorical') {
  // Both sides start from integer category codes (as loaded: drift-report keeps a code per row and a dictionary);
  // ours runs the engine's own path: featureSide tallies the codes, compareCategorical tests the counts.
  const [prefix, n, test] = args as [string, string, DriftTest];
  const column = (codes: Float64Array) => {
    const c = new FeatureColumn('x', true);
    let max = 0;
    for (const v of codes) if (v > max) max = v;
    // Category k gets code k (registered in order), as the file's codes say; then one code per row.
    for (let k = 0; k <= max; k++) c.categories.code(`c${k}`);
    for (const v of codes) c.categories.push(`c${v | 0}`);
    return c;
  };
  const sides = Array.from(
    { length: Number(n) },
    (_, i) => [column(f64(`${prefix}.cat${i}.ref.f64`)), column(f64(`${prefix}.cat${i}.cur.f64`))] as const,
  );
  const t = performance.now();
  const values: number[] = [];
  for (const [ref, cur] of sides) {
    const f = compareCategorical(
      'x',
      featureSide(ref) as CategoryCounts,
      featureSide(cur) as CategoryCounts,
      { test },
    );
    values.push(test === 'chisquare' ? f.p_value! : f.statistic, f.psi);
  }
  out.seconds = (performance.now() - t) / 1000;
  out.value = values[0]!;
} else if (kind === 'file') {
  const [path] = args as [string];
  const metric = parseMetric('average-precision');
  const t = performance.now();
  const loaded = await loadPredictions({
    source: path,
    inputName: 'predictions',
    timestampColumn: 'timestamp',
    labelColumn: 'label',
    scoreColumns: ['score'],
    sliceColumns: [],
    metric,
  });
  out.value = decayed(loaded.timestamps!, loaded.labels!, loaded.scores.get('score')!, 'average-precision');
  out.seconds = (performance.now() - t) / 1000;
} else if (kind === 'stream') {
  // A 10 GB-equivalent CSV through drift-report's reference loader, fed by another process through a named pipe:
  // peak memory must not grow with the input (numbers exact up to the limit, then sketches; categories as counts).
  const [fifo, bytes] = args as [string, string];
  rmSync(fifo, { force: true });
  execFileSync('mkfifo', [fifo]);
  const writer = spawn(process.execPath, [join(import.meta.dirname, 'stream-source.mjs'), fifo, bytes], {
    stdio: 'ignore',
  });
  const t = performance.now();
  const columns = await loadReferenceSides(
    { source: fifo, inputName: 'reference', format: 'auto', maxBadRecords: 0, onWarning: () => {} },
    ['f0', 'f1', 'f2', 'f3', 'f4', 'channel'],
    new Set(),
    10_000_000, // reference-exact-limit's default
  );
  const sides = columns.map((c) => c.side());
  out.seconds = (performance.now() - t) / 1000;
  await new Promise((done) => writer.on('close', done));
  rmSync(fifo, { force: true });
  out.value = valuesRead(sides[0]!);
} else if (kind === 'reference-file') {
  // A large local CSV reference reduced as drift-report reduces it: `stream` in one pass (as before byte ranges),
  // `ranges` cut into byte ranges on every thread (reference-parallel.ts); load average sampled when done.
  const [path, mode] = args as [string, 'stream' | 'ranges'];
  const options = {
    source: path,
    inputName: 'reference',
    format: 'auto' as const,
    maxBadRecords: 0,
    onWarning: () => {},
  };
  const features = ['f0', 'f1', 'f2', 'f3', 'f4', 'channel'];
  const t = performance.now();
  const sides =
    mode === 'stream'
      ? (await loadReferenceSides(options, features, new Set(), 10_000_000)).map((c) => c.side())
      : [...(await loadReference(options, features, new Set(), 10_000_000)).sides.values()];
  out.seconds = (performance.now() - t) / 1000;
  out.load = loadavg()[0]!;
  out.value = valuesRead(sides[0]!);
} else {
  throw new Error(`unknown case ${kind}`);
}
out.peak_rss_mb = peakMb();
console.log(JSON.stringify(out));
