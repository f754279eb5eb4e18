// `pnpm bench [--smoke] [--case NAME[,NAME]]`: generates data deterministically, runs each case on our engines and on
// the reference (scikit-learn / SciPy / pandas via Debian's python3 packages) in the same run on the same files,
// prints a Markdown table and writes it to bench/RESULTS.md (not with --smoke). Not a test: CI runs --smoke so it
// cannot rot. `--case` runs a subset: metrics, drift, file, stream, bundles, e2e (the whole bundled actions); a
// subset without the first five leaves the main table alone and rewrites only its own section.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { seededRandom } from '@mlops-actions/core';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { threadCount } from '../packages/parallel/src/pool.js';
import { runE2e } from './e2e.js';
import { markedSection, writeMarkedSection } from './results-section.js';
import { type BundleStart, measureStartup } from './startup.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const smoke = process.argv.includes('--smoke');
const CASES = ['metrics', 'drift', 'file', 'stream', 'bundles', 'e2e'] as const;
const caseFlag = process.argv.indexOf('--case');
const chosen = caseFlag >= 0 ? (process.argv[caseFlag + 1] ?? '').split(',') : [...CASES];
for (const name of chosen) {
  if (!(CASES as readonly string[]).includes(name))
    throw new Error(
      `--case ${JSON.stringify(name)}: use one or more of ${CASES.join(', ')} (comma-separated)`,
    );
}
const wants = (name: (typeof CASES)[number]) => chosen.includes(name);
// The main table and its targets need every case of sections 1–4.
const mainReport = CASES.filter((c) => c !== 'e2e').every(wants);
const data = join(here, smoke ? '.work/smoke' : 'data');
mkdirSync(data, { recursive: true });

const SIZES = smoke
  ? { metrics: 20_000, drift: 5_000, file: 10_000, stream: 20e6, rangesFile: 20e6, repeats: 1 }
  : { metrics: 10_000_000, drift: 1_000_000, file: 2_000_000, stream: 10e9, rangesFile: 2e9, repeats: 3 };
// `--repeats N` overrides the number of runs each case's median is taken over (one run for a quick look).
const repeatsFlag = process.argv.indexOf('--repeats');
if (repeatsFlag >= 0) SIZES.repeats = Math.max(1, Number(process.argv[repeatsFlag + 1]) || 1);
const E2E_SIZES = smoke
  ? { evaluate: 20_000, bootstrap: 10_000, drift: 5_000 }
  : { evaluate: 2_000_000, bootstrap: 1_000_000, drift: 500_000 };
const NUMERIC = 20;
const CATEGORICAL = 5;
const WEEK = 7 * 86_400_000;
const AS_OF = Date.parse('2026-11-23T00:00:00Z');

const rng = seededRandom; // mulberry32, shared with the bootstrap
const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const write = (path: string, a: Float64Array) =>
  writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

function predictions(n: number, seed: number) {
  const r = rng(seed);
  const ts = new Float64Array(n);
  const labels = new Float64Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ts[i] = AS_OF - Math.floor(r() * 12 * WEEK);
    labels[i] = r() < 0.2 ? 1 : 0;
    // model scores rounded to 4 decimals, as models and files usually give them: ties happen
    scores[i] = Math.round((1 / (1 + Math.exp(-(normal(r) + 1.6 * labels[i]! - 1.2)))) * 1e4) / 1e4;
  }
  return { ts, labels, scores };
}

function generate() {
  const started = performance.now();
  const m = predictions(SIZES.metrics, 1);
  write(join(data, 'm.ts.f64'), m.ts);
  write(join(data, 'm.label.f64'), m.labels);
  write(join(data, 'm.score.f64'), m.scores);
  const r = rng(2);
  for (let f = 0; f < NUMERIC; f++) {
    const shift = f % 4 === 0 ? 0.15 : 0;
    for (const [side, mu] of [
      ['ref', 0],
      ['cur', shift],
    ] as const) {
      const a = new Float64Array(SIZES.drift);
      for (let i = 0; i < a.length; i++) a[i] = Math.round((mu + normal(r)) * (10 + f) * 100) / 100;
      write(join(data, `d.num${f}.${side}.f64`), a);
    }
  }
  for (let f = 0; f < CATEGORICAL; f++) {
    for (const side of ['ref', 'cur'] as const) {
      const a = new Float64Array(SIZES.drift);
      for (let i = 0; i < a.length; i++) {
        const u = r();
        a[i] = Math.min(9, Math.floor((side === 'cur' && f === 0 ? u ** 1.3 : u ** 1.5) * 10));
      }
      write(join(data, `d.cat${f}.${side}.f64`), a);
    }
  }
  const p = predictions(SIZES.file, 3);
  const lines = ['id,timestamp,label,score'];
  const json: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < SIZES.file; i++) {
    const id = `ev-${i}`;
    const t = new Date(p.ts[i]!).toISOString();
    ids.push(id);
    lines.push(`${id},${t},${p.labels[i]},${p.scores[i]}`);
    json.push(`{"id":"${id}","timestamp":"${t}","label":${p.labels[i]},"score":${p.scores[i]}}`);
  }
  const csv = `${lines.join('\n')}\n`;
  writeFileSync(join(data, 'f.csv'), csv);
  writeFileSync(join(data, 'f.csv.gz'), gzipSync(csv));
  writeFileSync(join(data, 'f.jsonl'), `${json.join('\n')}\n`);
  // Timestamps typed (INT64 milliseconds, UTC), as pandas / Spark write them: Parquet's own form of the same data.
  const parquet = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: ids },
      { name: 'timestamp', data: BigInt64Array.from(p.ts, (t) => BigInt(t)) },
      { name: 'label', data: p.labels },
      { name: 'score', data: p.scores },
    ],
    schema: [
      { name: 'root', num_children: 4 },
      { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      {
        name: 'timestamp',
        type: 'INT64',
        repetition_type: 'REQUIRED',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      },
      { name: 'label', type: 'DOUBLE', repetition_type: 'REQUIRED' },
      { name: 'score', type: 'DOUBLE', repetition_type: 'REQUIRED' },
    ],
    rowGroupSize: 100_000,
  });
  writeFileSync(join(data, 'f.parquet'), new Uint8Array(parquet));
  return (performance.now() - started) / 1000;
}

interface Measure {
  seconds: number;
  peak_rss_mb: number;
  value: number;
  /** The 1-minute load average when the case finished (case 3r). */
  load?: number;
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function runJson(cmd: string, args: string[]): Measure | { error: string } {
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (res.status !== 0)
    return { error: (res.stderr || res.stdout || `exit ${res.status}`).trim().split('\n').at(-1)! };
  return JSON.parse(res.stdout.trim().split('\n').at(-1)!);
}

function measure(cmd: string, args: string[]): Measure | { error: string } {
  const runs: Measure[] = [];
  for (let i = 0; i < SIZES.repeats; i++) {
    const m = runJson(cmd, args);
    if ('error' in m) return m;
    runs.push(m);
  }
  return {
    seconds: median(runs.map((r) => r.seconds)),
    peak_rss_mb: Math.max(...runs.map((r) => r.peak_rss_mb)),
    value: runs[0]!.value,
  };
}

const PYTHON = process.env.MLOPS_BENCH_PYTHON ?? '/usr/bin/python3';
function pythonVersions(): string | null {
  try {
    return execFileSync(
      PYTHON,
      [
        '-c',
        'import sys, sklearn, scipy, pandas, numpy; print(f"Python {sys.version.split()[0]}, scikit-learn {sklearn.__version__}, SciPy {scipy.__version__}, pandas {pandas.__version__}, NumPy {numpy.__version__}")',
      ],
      { encoding: 'utf8' },
    ).trim();
  } catch {
    return null;
  }
}

const tsx = join(root, 'node_modules/.bin/tsx');
const ours = (args: string[]) => measure(tsx, [join(here, 'case.ts'), ...args]);
const reference = (args: string[]) => measure(PYTHON, [join(here, 'reference.py'), ...args]);

const fmt = (x: number, d = 3) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(d));
const rate = (n: number, s: number) =>
  n / s >= 1e6 ? `${(n / s / 1e6).toFixed(1)} M/s` : `${(n / s / 1e3).toFixed(0)} k/s`;

async function main() {
  const versions = pythonVersions();
  if (wants('metrics') || wants('drift') || wants('file')) {
    console.log(`Generating data in ${data} (${smoke ? 'smoke sizes' : 'full sizes'})…`);
    console.log(`  done in ${generate().toFixed(1)} s`);
  }
  const rows: string[] = [];
  const ratios: Ratio[] = [];
  const row = (
    name: string,
    n: number,
    unit: string,
    mine: Measure | { error: string },
    ref: Measure | { error: string } | null,
    bytes?: number,
  ) => {
    if ('error' in mine) throw new Error(`${name}: ${mine.error}`);
    const refOk = ref && !('error' in ref) ? ref : null;
    const through = bytes ? `${fmt(bytes / 1e6 / mine.seconds)} MB/s` : rate(n, mine.seconds);
    const refThrough = refOk
      ? bytes
        ? `${fmt(bytes / 1e6 / refOk.seconds)} MB/s`
        : rate(n, refOk.seconds)
      : '–';
    const speedup = refOk
      ? `**${fmt(refOk.seconds / mine.seconds, 2)}×**`
      : ref && 'error' in ref
        ? `n/a (${ref.error.slice(0, 60)})`
        : 'n/a';
    const match = refOk
      ? Math.abs(refOk.value - mine.value) <= 1e-9 * Math.max(1, Math.abs(refOk.value))
        ? 'yes'
        : `no (${refOk.value} vs ${mine.value})`
      : '–';
    ratios.push({
      name,
      ratio: refOk ? refOk.seconds / mine.seconds : null,
      peak: mine.peak_rss_mb,
      bytes,
      n,
    });
    rows.push(
      `| ${name} | ${n.toLocaleString('en')} ${unit} | ${fmt(mine.seconds)} s (${through}) | ${refOk ? `${fmt(refOk.seconds)} s (${refThrough})` : '–'} | ${speedup} | ${fmt(mine.peak_rss_mb, 0)} / ${refOk ? fmt(refOk.peak_rss_mb, 0) : '–'} MB | ${match} |`,
    );
    console.log(rows.at(-1));
  };
  const ref = (args: string[]) => (versions ? reference(args) : null);
  if (['metrics', 'drift', 'file', 'stream'].some((c) => chosen.includes(c)))
    console.log('| Case | Size | Ours | Reference | Speed-up | Peak RSS ours / ref | Same value |');
  for (const metric of wants('metrics') ? ['average-precision', 'roc-auc', 'log-loss'] : []) {
    const args = ['metrics', join(data, 'm'), metric];
    row(`1. ${metric}, 12 weekly windows, γ = 0.8`, SIZES.metrics, 'predictions', ours(args), ref(args));
  }
  for (const test of wants('drift') ? ['wasserstein', 'ks'] : []) {
    const args = ['numeric', join(data, 'd'), String(NUMERIC), test];
    row(
      `2. ${NUMERIC} numeric features: ${test === 'ks' ? 'ks_2samp' : 'wasserstein / std'} + PSI`,
      SIZES.drift,
      'rows per side',
      ours(args),
      ref(args),
    );
  }
  for (const test of wants('drift') ? ['jensenshannon', 'chisquare'] : []) {
    const args = ['categorical', join(data, 'd'), String(CATEGORICAL), test];
    row(
      `2. ${CATEGORICAL} categorical features: ${test} + PSI`,
      SIZES.drift,
      'rows per side',
      ours(args),
      ref(args),
    );
  }
  for (const format of wants('file') ? ['csv', 'csv.gz', 'jsonl', 'parquet'] : []) {
    const path = join(data, `f.${format}`);
    const bytes = statSync(path).size;
    row(
      `3. read ${format} + decayed AP`,
      SIZES.file,
      `rows (${fmt(bytes / 1e6)} MB)`,
      ours(['file', path]),
      ref(['file', path, format]),
      bytes,
    );
  }
  // 3m. Memory: a 10 GB-equivalent CSV streamed through a named pipe into drift-report's reference summaries (once:
  // it takes minutes). No reference: pandas would hold it in memory; the figure that matters is our peak RSS.
  if (wants('stream')) {
    const streamRun = runJson(tsx, [
      join(here, 'case.ts'),
      'stream',
      join(data, 'stream.fifo'),
      String(SIZES.stream),
    ]);
    if ('error' in streamRun) throw new Error(`stream: ${streamRun.error}`);
    row(
      '3m. stream csv (5 numeric + 1 categorical) into reference summaries',
      streamRun.value,
      `rows (${fmt(SIZES.stream / 1e9)} GB, named pipe)`,
      streamRun,
      null,
      SIZES.stream,
    );
  }
  // 3r. The same generator's CSV as a regular file, reduced into reference summaries in one stream (as before issue
  // 21.5) and cut into byte ranges on every thread (reference-parallel.ts), one run each, side by side: MB/s, peak
  // RSS, and the load average when each finished (the ratio is the figure that holds on a busy machine).
  if (wants('stream')) {
    const file = join(data, 'reference-ranges.csv');
    if (!existsSync(file) || statSync(file).size < SIZES.rangesFile)
      execFileSync(process.execPath, [join(here, 'stream-source.mjs'), file, String(SIZES.rangesFile)]);
    const bytes = statSync(file).size;
    // The smoke run's small file is cut too (ranges of 4 MiB instead of 64 MiB).
    if (smoke) process.env.MLOPS_REFERENCE_RANGE_BYTES = String(4 << 20);
    const [stream, ranges] = (['stream', 'ranges'] as const).map((mode) =>
      runJson(tsx, [join(here, 'case.ts'), 'reference-file', file, mode]),
    );
    row(
      `3r. csv file (5 numeric + 1 categorical) into reference summaries: byte ranges on ${threadCount()} threads vs one stream`,
      stream && !('error' in stream) ? stream.value : 0,
      `rows (${fmt(bytes / 1e9)} GB file)`,
      ranges!,
      stream!,
      bytes,
    );
    for (const [mode, m] of [
      ['one stream', stream],
      ['byte ranges', ranges],
    ] as const)
      if (m && !('error' in m)) console.log(`3r. ${mode}: load average ${m.load} when it finished`);
  }
  // 4. Start-up (issue 21.6): its own marked section, so `--case bundles` alone rewrites it (bench/startup.ts).
  const startup = wants('bundles') ? await measureStartup(root, smoke ? 3 : 25) : null;
  if (startup) console.log(startup.section);
  const bundles = startup?.bundles ?? [];
  const resultsPath = join(here, 'RESULTS.md');
  if (startup && !smoke) writeMarkedSection(resultsPath, 'startup', startup.section);
  if (mainReport) writeMainReport(resultsPath, { versions, rows, ratios, bundles });
  if (wants('e2e')) {
    const section = await runE2e({
      data,
      sizes: E2E_SIZES,
      repeats: SIZES.repeats,
      python: versions ? PYTHON : null,
      here,
    });
    if (!smoke) writeMarkedSection(resultsPath, 'e2e', section);
  }
  console.log(`\n${smoke ? '(smoke run: RESULTS.md not written)' : `Wrote ${join('bench', 'RESULTS.md')}`}`);
}

interface Ratio {
  name: string;
  ratio: number | null;
  peak: number;
  bytes?: number;
  n: number;
}

/** The report of sections 1–4 with its targets; keeps the sections other runs own (decisions, e2e). */
function writeMainReport(
  resultsPath: string,
  measured: {
    versions: string | null;
    rows: string[];
    ratios: Ratio[];
    bundles: BundleStart[];
  },
) {
  const { versions, rows, ratios, bundles } = measured;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const verdict = (ok: boolean | null) =>
    ok === null ? 'not measured (no reference)' : ok ? 'reached' : '**not reached**';
  const all = (prefix: string, min: number) => {
    const xs = ratios.filter((r) => r.name.startsWith(prefix));
    if (xs.length === 0 || xs.some((r) => r.ratio === null)) return null;
    return xs.every((r) => r.ratio! >= min);
  };
  const worst = (prefix: string) =>
    ratios
      .filter((r) => r.name.startsWith(prefix) && r.ratio !== null)
      .map((r) => `${r.name.replace(/^\d\. /, '')}: ${fmt(r.ratio!, 2)}×`)
      .join('; ');
  const csv = ratios.find((r) => r.name.includes('read csv +'));
  const bytesPerRow = ratios
    .filter((r) => r.bytes && r.name.startsWith('3. '))
    .map((r) => (r.peak * 2 ** 20) / r.n);
  const streamed = ratios.find((r) => r.name.startsWith('3m.'))!;
  const targets = [
    `| Metrics at least as fast as scikit-learn (≥ 1.0×) | ${verdict(all('1.', 1))} | ${worst('1.')} |`,
    `| Drift statistics at least as fast as SciPy (≥ 1.0×) | ${verdict(all('2.', 1))} | ${worst('2.')} |`,
    `| CSV parsing at least 2× pandas read_csv | ${verdict(csv?.ratio == null ? null : csv.ratio >= 2)} | ${csv?.ratio ? `${fmt(csv.ratio, 2)}×` : '–'} |`,
    `| Each bundle under 3 MB | ${verdict(bundles.every((b) => b.size < 3e6))} | ${bundles.map((b) => `${b.action} ${(b.size / 1e6).toFixed(2)} MB`).join(', ')} |`,
    `| Each bundle starts in under 300 ms | ${verdict(bundles.every((b) => b.ms < 300))} | slowest ${Math.max(...bundles.map((b) => b.ms)).toFixed(0)} ms |`,
    `| Each action reports an input error in ≤ 2× \`node -e 0\` | ${verdict(bundles.every((b) => b.ratio <= 2))} | ${bundles.map((b) => `${b.action} ${b.ratio.toFixed(2)}×`).join(', ')} |`,
    `| Under 1 GB resident for a 10 GB input, streamed into summaries | ${verdict(SIZES.stream >= 10e9 ? streamed.peak < 1024 : null)} | ${fmt(streamed.peak, 0)} MB peak for ${fmt(SIZES.stream / 1e9)} GB of CSV (reference summaries at the default reference-exact-limit: 10 M values exactly in total, then sketches). Not bounded: the predictions/evaluation path holds its columns, peak ≈ ${fmt(Math.max(...bytesPerRow), 0)} bytes per row in case 3 |`,
  ];
  const report = `# Benchmark results

\`pnpm bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version};
reference: ${versions ?? 'not available (no python3 with scikit-learn, SciPy and pandas)'}.

Times are the median of ${SIZES.repeats} run(s), compute only for cases 1–2 (both sides load the same binary float64 files
first), parse + compute for case 3 (the same files); case 3m runs once. **Speed-up** = reference time / our time, measured in the same
run on the same data: the ratio is the stable figure; absolute times and throughputs depend on the machine.
**Same value** compares the first computed statistic of each side (tolerance 1e-9, relative).

| Case | Size | Ours | Reference | Speed-up | Peak RSS ours / ref | Same value |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

## Targets

| Target | Status | Measured |
| --- | --- | --- |
${targets.join('\n')}
`;
  // Keep the sections `--case bundles` (written above), `--case e2e` and `pnpm bench:decisions` own.
  const old = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : '';
  const kept = ['startup', 'e2e', 'decisions'].map((name) => markedSection(old, name)).filter(Boolean);
  if (!smoke) writeFileSync(resultsPath, [report, ...kept].join('\n') + (kept.length ? '\n' : ''));
}

await main();
