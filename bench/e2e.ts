// The end-to-end cases of `pnpm bench` (issue 21.7): the bundled actions run as GitHub's runner runs them (the test
// harness), side by side in one run with pandas + scikit-learn / SciPy doing the same work (bench/reference.py) and
// DuckDB reading (and joining) the same files (bench/duckdb-case.mjs). Also the start-up figure of 21.6.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStep } from '../test/harness/runner.js';
import { type E2eSizes, e2eData } from './e2e-data.js';

interface Run {
  /** Wall time of the whole process, seconds. */
  wall: number;
  /** Time measured inside the process (the reference excludes its imports), seconds. */
  seconds: number;
  peak_rss_mb: number;
  value: number;
}

export interface E2eOptions {
  data: string;
  sizes: E2eSizes;
  repeats: number;
  python: string | null;
  here: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number, d = 2) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(d));

function summarise(runs: Run[]): Run {
  return {
    wall: median(runs.map((r) => r.wall)),
    seconds: median(runs.map((r) => r.seconds)),
    peak_rss_mb: Math.max(...runs.map((r) => r.peak_rss_mb)),
    value: runs[0]!.value,
  };
}

/** Share of the CPU profile's samples in V8's garbage collector, and the three functions with most self time. */
function profileSummary(dir: string): { gc: number; top: string } {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return { gc: Number.NaN, top: '' };
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    busy++;
    const name = frame.functionName || `(anonymous ${frame.url.split('/').at(-1)}:${frame.lineNumber})`;
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  const top = [...self.entries()]
    .filter(([name]) => name !== '(garbage collector)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, n]) => `${name.replaceAll('|', '\\|')} ${((100 * n) / busy).toFixed(0)} %`)
    .join(', ');
  return { gc: (self.get('(garbage collector)') ?? 0) / busy, top };
}

/** A copy of `action` (its action.yml) whose dist is built with readable names, in `under`; returns its folder. */
async function readableBuild(action: string, here: string, under: string): Promise<string> {
  const source = join(here, '..', 'actions', action);
  const dir = join(under, `readable-${action}`);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  copyFileSync(join(source, 'action.yml'), join(dir, 'action.yml'));
  const entries: Record<string, string> = { index: join(source, 'src/index.ts') };
  if (existsSync(join(source, 'src/post.ts'))) entries.post = join(source, 'src/post.ts');
  // @ts-expect-error: a plain .mjs build script without type declarations
  const { bundleWithWorker } = await import('../scripts/node-bundle.mjs');
  await bundleWithWorker(entries, join(dir, 'dist'), { readableNames: true });
  writeFileSync(join(dir, 'dist', 'package.json'), '{\n  "type": "module"\n}\n');
  return dir;
}

/** One run of a bundled action (its name, or the folder of a copy) on the given inputs; `profileDir` adds --cpu-prof. */
async function actionRun(
  action: string,
  inputs: Record<string, string>,
  value: (outputs: Record<string, string>) => number,
  here: string,
  profileDir?: string,
): Promise<Run> {
  const scratch = mkdtempSync(join(tmpdir(), 'mlops-bench-'));
  const rssFile = join(scratch, 'rss');
  const nodeArgs = ['--require', join(here, 'peak-rss.cjs')];
  if (profileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  const t = performance.now();
  const step = await runStep(action, {
    inputs: { ...inputs, 'result-path': join(scratch, 'result.json') },
    env: { MLOPS_BENCH_RSS: rssFile },
    nodeArgs,
    timeoutMs: 3_600_000,
  });
  const wall = (performance.now() - t) / 1000;
  if (step.exitCode !== 0) throw new Error(`${action}: ${step.errors.join('; ') || step.stderr.slice(-500)}`);
  const run = {
    wall,
    seconds: wall,
    peak_rss_mb: Number(readFileSync(rssFile, 'utf8')),
    value: value(step.outputs),
  };
  rmSync(scratch, { recursive: true, force: true });
  return run;
}

/** One run of a reference script printing {seconds, peak_rss_mb, value}. */
function scriptRun(cmd: string, args: string[]): Run {
  const t = performance.now();
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
  const wall = (performance.now() - t) / 1000;
  if (res.status !== 0)
    throw new Error(`${args[0]}: ${(res.stderr || res.stdout).trim().split('\n').at(-1)}`);
  return { wall, ...JSON.parse(res.stdout.trim().split('\n').at(-1)!) };
}

async function repeat(times: number, once: () => Promise<Run> | Run): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < times; i++) runs.push(await once());
  return summarise(runs);
}

/** Time for `node args…` to exit, median of 7 (start-up: nothing but loading and the input check). */
function exitTime(args: string[], env: NodeJS.ProcessEnv): number {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    times.push(performance.now() - t);
  }
  return median(times);
}

/** Run the end-to-end cases; returns the Markdown section for bench/RESULTS.md. */
export async function runE2e(options: E2eOptions): Promise<string> {
  const { here, repeats, python } = options;
  const load = loadavg()[0]!.toFixed(1);
  const dirs = e2eData(options.data, options.sizes);
  const profiles = mkdtempSync(join(tmpdir(), 'mlops-bench-prof-'));
  const lines: string[] = [];
  const show = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  // Profiles run a build of the same sources with identifiers kept (the shipped dist is minified, so its profile
  // would name functions `je` and `ge`); the timed runs use the shipped dist.
  const readable = new Map<string, string>();
  const profiled = async (action: string, inputs: Record<string, string>) => {
    if (!readable.has(action)) readable.set(action, await readableBuild(action, here, profiles));
    const dir = join(profiles, `${action}-${lines.length}`);
    await actionRun(readable.get(action)!, inputs, () => 0, here, dir);
    return profileSummary(dir);
  };
  const reference = (args: string[]) =>
    python ? repeat(repeats, () => scriptRun(python, [join(here, 'reference.py'), ...args])) : null;
  const duck = (args: string[]) =>
    repeat(repeats, () => scriptRun(process.execPath, [join(here, 'duckdb-case.mjs'), ...args]));
  const row = (name: string, ours: Run, prof: { gc: number; top: string }, ref: Run | null, db: Run) => {
    const same =
      ref === null
        ? '–'
        : Math.abs(ref.value - ours.value) <= 1e-9 * Math.max(1, Math.abs(ref.value))
          ? 'yes'
          : `no (${ref.value} vs ${ours.value})`;
    show(
      `| ${name} | ${fmt(ours.wall)} s | ${ref ? `${fmt(ref.seconds)} s (${fmt(ref.wall)} s)` : '–'} | ${ref ? `**${fmt(ref.seconds / ours.wall)}×**` : 'n/a'} | ${fmt(db.seconds)} s | ${fmt(ours.peak_rss_mb, 0)} / ${ref ? fmt(ref.peak_rss_mb, 0) : '–'} / ${fmt(db.peak_rss_mb, 0)} MB | ${(100 * prof.gc).toFixed(0)} % | ${prof.top} | ${same} |`,
    );
  };
  show(
    '| Case | Ours: bundled action | pandas + scikit-learn / SciPy (process) | Ratio | DuckDB read (+ join) | Peak RSS ours / pandas / DuckDB | GC share (ours) | Most self time (ours) | Same value |',
  );
  show('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');

  const evaluate = (dir: string, bootstrap: number) => ({
    champion: join(dir, 'champion.csv'),
    challenger: join(dir, 'challenger.csv'),
    bootstrap: String(bootstrap),
  });
  const challengerScore = (o: Record<string, string>) => Number(o['challenger-score']);
  const evalInputs = evaluate(dirs.evaluate, 0);
  const evalName = `evaluate-challenger, ${options.sizes.evaluate.toLocaleString('en')} rows × 2 files, AP, 12 weekly windows, bootstrap off`;
  const evalOurs = await repeat(repeats, () =>
    actionRun('evaluate-challenger', evalInputs, challengerScore, here),
  );
  const evalProfile = await profiled('evaluate-challenger', evalInputs);
  // MLOPS_BENCH_BASELINE: the folder of an earlier build of the action (its action.yml and dist/, e.g. copied before
  // a change), timed in the same run on the same files: before and after side by side. Its profile is of its own
  // (minified) dist, so only its GC share is meaningful.
  const baseline = process.env.MLOPS_BENCH_BASELINE;
  const before = baseline
    ? await repeat(repeats, () => actionRun(baseline, evalInputs, challengerScore, here))
    : undefined;
  const beforeProfile = baseline
    ? await (async () => {
        const dir = join(profiles, 'baseline');
        await actionRun(baseline, evalInputs, () => 0, here, dir);
        return { ...profileSummary(dir), top: '(minified build)' };
      })()
    : undefined;
  const evalReference = await reference(['e2e-evaluate', evalInputs.champion, evalInputs.challenger]);
  const evalDuck = await duck(['join', evalInputs.champion, evalInputs.challenger]);
  row(evalName, evalOurs, evalProfile, evalReference, evalDuck);
  if (before && beforeProfile)
    row(
      `${evalName}: before (${process.env.MLOPS_BENCH_BASELINE_LABEL ?? baseline})`,
      before,
      beforeProfile,
      evalReference,
      evalDuck,
    );

  const driftInputs = {
    predictions: join(dirs.drift, 'current.csv'),
    reference: join(dirs.drift, 'reference.csv'),
  };
  const firstPValue = (o: Record<string, string>) => {
    const result = JSON.parse(readFileSync(o['result-json']!, 'utf8'));
    return result.features.f0.p_value as number;
  };
  const driftName = `drift-report, ${options.sizes.drift.toLocaleString('en')} rows reference + current, 8 numeric + 2 categorical`;
  const driftOurs = await repeat(repeats, () => actionRun('drift-report', driftInputs, firstPValue, here));
  const driftProfile = await profiled('drift-report', driftInputs);
  const driftReference = await reference(['e2e-drift', driftInputs.reference, driftInputs.predictions]);
  const driftDuck = await duck(['read', driftInputs.reference, driftInputs.predictions]);
  row(driftName, driftOurs, driftProfile, driftReference, driftDuck);
  // MLOPS_BENCH_DRIFT_BASELINE: as MLOPS_BENCH_BASELINE, an earlier build of drift-report timed on the same files.
  const driftBaseline = process.env.MLOPS_BENCH_DRIFT_BASELINE;
  if (driftBaseline) {
    const before = await repeat(repeats, () => actionRun(driftBaseline, driftInputs, firstPValue, here));
    const dir = join(profiles, 'drift-baseline');
    await actionRun(driftBaseline, driftInputs, () => 0, here, dir);
    const label = process.env.MLOPS_BENCH_DRIFT_BASELINE_LABEL ?? driftBaseline;
    row(
      `${driftName}: before (${label})`,
      before,
      { ...profileSummary(dir), top: '(minified build)' },
      driftReference,
      driftDuck,
    );
  }

  const off = evaluate(dirs.bootstrap, 0);
  const on = { champion: off.champion, challenger: off.challenger }; // bootstrap: the default (1000)
  const plain = await repeat(repeats, () => actionRun('evaluate-challenger', off, challengerScore, here));
  const boot = await repeat(repeats, () => actionRun('evaluate-challenger', on, challengerScore, here));
  const bootProfile = await profiled('evaluate-challenger', on);
  // The same 1000 resamples drawn (bootstrap-method: poisson, the default before the influence interval).
  const resampled = { ...on, 'bootstrap-method': 'poisson' };
  const poisson = await repeat(repeats, () =>
    actionRun('evaluate-challenger', resampled, challengerScore, here),
  );
  rmSync(profiles, { recursive: true, force: true });
  const added = boot.wall - plain.wall;
  const addedPoisson = poisson.wall - plain.wall;

  const bare = exitTime(['-e', '0'], { PATH: process.env.PATH });
  const start = exitTime([join(here, '..', 'actions/evaluate-challenger/dist/index.js')], {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: 'true',
    INPUT_CHALLENGER: join(dirs.bootstrap, 'missing.csv'),
  });

  return `## End to end (\`pnpm bench -- --case e2e\`)

The bundled actions run as GitHub's runner runs them (the test harness: \`INPUT_*\` variables, command files), timed
from spawn to exit, against pandas + scikit-learn / SciPy doing the same work on the same files
(\`bench/reference.py\`: timed inside the script, so its imports (about a second) are not counted, the process wall
time in brackets) and DuckDB ${'`@duckdb/node-api`'} reading the same files (joining them on id for evaluation).
**Ratio** = pandas time / our time. Median of ${repeats} run(s); GC share and self time from one more run under
\`--cpu-prof\`. Peak RSS from each process's own \`maxRSS\`. Load average when the run started: ${load}
on ${cpus().length} cores (absolute times scale with it; the ratios much less).

${lines.join('\n')}

**Bootstrap** (evaluate-challenger, ${options.sizes.bootstrap.toLocaleString('en')} rows × 2 files): ${fmt(plain.wall)} s with
\`bootstrap: 0\`, ${fmt(boot.wall)} s with the default (\`bootstrap: 1000\`, \`bootstrap-method: auto\`, which takes
the influence-function interval here): the interval adds ${fmt(added)} s (${fmt(added / plain.wall)}× the
bootstrap-free run; target ≤ 1×); GC ${(100 * bootProfile.gc).toFixed(0)} %, most self time: ${bootProfile.top}. Beside
it, \`bootstrap-method: poisson\` (1000 resamples drawn): ${fmt(poisson.wall)} s, adds ${fmt(addedPoisson)} s
(${fmt(addedPoisson / plain.wall)}×). Peak RSS ${fmt(plain.peak_rss_mb, 0)} / ${fmt(boot.peak_rss_mb, 0)} /
${fmt(poisson.peak_rss_mb, 0)} MB (off / auto / poisson).

**Start-up**: \`node -e 0\` exits in ${bare.toFixed(0)} ms; evaluate-challenger's bundle, given a challenger file that
does not exist, exits with its error in ${start.toFixed(0)} ms (${fmt(start / bare)}× \`node -e 0\`). That error comes after the
action's logic is loaded (a file is opened only then); the start-up target (≤ 2×, to the first input error, every
action) is measured by \`--case bundles\` (section 4). Median of 7.`;
}
