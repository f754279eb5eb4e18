// Our side of one benchmark case, in its own process so peak memory is the case's own.
// Usage: tsx bench/case.ts CASE ARGS...  (prints one JSON object: seconds, peak_rss_mb, value)
import { readFileSync } from 'node:fs';
import {
  assignWindows,
  compareCategorical,
  compareNumeric,
  type DriftTest,
  type MetricColumns,
  parseMetric,
  rowsByWindow,
  scoreModel,
} from '@mlops-actions/core';
import { loadPredictions } from '../packages/evaluate-challenger/src/load.js';

const WEEK = 7 * 86_400_000;
const f64 = (path: string) => {
  const b = readFileSync(path);
  return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
};
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
  const [prefix, n, test] = args as [string, string, DriftTest];
  const sides = Array.from(
    { length: Number(n) },
    (_, i) => [f64(`${prefix}.cat${i}.ref.f64`), f64(`${prefix}.cat${i}.cur.f64`)] as const,
  );
  const t = performance.now();
  const values: number[] = [];
  const tally = (codes: Float64Array) => {
    const counts = new Float64Array(256);
    for (const c of codes) counts[c]!++;
    const map = new Map<string, number>();
    counts.forEach((v, c) => {
      if (v > 0) map.set(`c${c}`, v);
    });
    return { kind: 'categorical' as const, counts: map, missing: 0 };
  };
  for (const [ref, cur] of sides) {
    const f = compareCategorical('x', tally(ref), tally(cur), { test });
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
} else {
  throw new Error(`unknown case ${kind}`);
}
out.peak_rss_mb = peakMb();
console.log(JSON.stringify(out));
