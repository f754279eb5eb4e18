// `pnpm bench -- --case bundles`: each action's bundle size and start-up, timed as a user waits for it: from spawning
// `node dist/index.js` (no inputs, as in a misconfigured step) to its first `::error::` line, and to its exit; and two
// whole runs on small local files (evaluate-challenger and drift-report on the example data), to their exit. Issue
// 21.6 asks at most 2× a bare `node -e 0`. The runs are interleaved (bare Node, then each action, round after round) so
// a change in the machine's load moves every figure alike; the section records the load average around the run.
// Wall time swings with the load (4 engineers share 2 cores here), so each process's CPU time (user + system, from
// wait4() in bench/spawn-timer.py, the same for `node -e 0`) is reported beside it.
//
// MLOPS_BENCH_STARTUP_BASELINE: the actions/ folder of an earlier build (`<action>/action.yml` and `dist/`, e.g. a
// `git worktree` of the commit before a change, bundled there), timed in the same rounds: before and after side by side.
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** One action's figures: JS size of dist/ (chunks included), medians in ms, and the ratios to `node -e 0`. */
export interface BundleStart {
  action: string;
  size: number;
  ms: number;
  exitMs: number;
  ratio: number;
  cpuMs: number;
  cpuRatio: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Timing {
  error: number;
  exit: number;
  cpu: number;
  status: number;
}

/**
 * Times processes through bench/spawn-timer.py (one Python process for the whole measurement): Node cannot read a
 * child's CPU time, wait4() can. Milliseconds from spawn to the first `::error::` line (exit when there is none), to
 * exit, and the CPU time (user + system) of the whole process.
 */
function spawnTimer(
  python: string,
  here: string,
): {
  time(args: string[], env?: Record<string, string>, cwd?: string): Promise<Timing>;
  close(): void;
} {
  const child = spawn(python, [join(here, 'spawn-timer.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const replies = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async time(args, env = {}, cwd) {
      // No GITHUB_* files and no inputs unless given: the step fails on its first missing input (or region).
      const request = {
        argv: [process.execPath, ...args],
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GITHUB_ACTIONS: 'true', ...env },
        cwd: cwd ?? null,
      };
      child.stdin.write(`${JSON.stringify(request)}\n`);
      const reply = await replies.next();
      if (reply.done) throw new Error('bench/spawn-timer.py ended early');
      return JSON.parse(reply.value) as Timing;
    },
    close: () => child.stdin.end(),
  };
}

/** A run on local files: inputs and the files its workspace holds, copied fresh for every run. */
interface LocalRun {
  name: string;
  action: string;
  inputs: Record<string, string>;
  files: Map<string, string>;
}

/** The environment the runner gives a step: INPUT_* values and the GITHUB_* command files, in a fresh directory. */
function stepEnv(run: LocalRun): { env: Record<string, string>; cwd: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-start-run-'));
  const cwd = join(dir, 'workspace');
  mkdirSync(cwd);
  for (const [name, from] of run.files) copyFileSync(from, join(cwd, name));
  const env: Record<string, string> = {
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: cwd,
    AWS_REGION: 'eu-west-1',
  };
  for (const name of ['OUTPUT', 'STEP_SUMMARY', 'STATE', 'ENV', 'PATH']) {
    writeFileSync(join(dir, name), '');
    env[`GITHUB_${name}`] = join(dir, name);
  }
  Object.assign(env, {
    GITHUB_REPOSITORY: 'octo-org/ml-repo',
    GITHUB_EVENT_NAME: 'schedule',
    GITHUB_RUN_ID: '1',
  });
  for (const [name, value] of Object.entries(run.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return { env, cwd };
}

/** evaluate-challenger on the example files (3,000 rows a model, bootstrap off) and drift-report on generated ones. */
async function localRuns(root: string): Promise<LocalRun[]> {
  const evaluate = join(root, 'examples/data/evaluate');
  const drift = mkdtempSync(join(tmpdir(), 'mlops-start-drift-'));
  await new Promise<void>((done, fail) =>
    spawn(process.execPath, [join(root, 'examples/data/drift/generate.mjs'), drift], { stdio: 'ignore' }).on(
      'close',
      (code) => (code === 0 ? done() : fail(new Error(`drift data generator exited with ${code}`))),
    ),
  );
  const files = (dir: string, names: string[]) => new Map(names.map((n) => [n, join(dir, n)]));
  return [
    {
      name: 'evaluate-challenger, 2 × 3,000 rows, bootstrap off',
      action: 'evaluate-challenger',
      inputs: { champion: 'champion.csv', challenger: 'challenger.csv', bootstrap: '0' },
      files: files(evaluate, ['champion.csv', 'challenger.csv']),
    },
    {
      name: 'drift-report, 4,800 predictions, 2,000 reference rows',
      action: 'drift-report',
      inputs: { predictions: 'predictions.csv', outcomes: 'outcomes.csv', reference: 'reference.csv' },
      files: files(drift, ['predictions.csv', 'outcomes.csv', 'reference.csv']),
    },
  ];
}

const cell = (ms: number, floor: number) => `${ms.toFixed(0)} ms (${(ms / floor).toFixed(2)}×)`;

/** Measure `node -e 0`, every action's dist/index.js and the local runs, interleaved; the section for RESULTS.md. */
export async function measureStartup(
  root: string,
  rounds = 25,
): Promise<{ bundles: BundleStart[]; section: string }> {
  const actions = readdirSync(join(root, 'actions'))
    .filter((a) => existsSync(join(root, 'actions', a, 'action.yml')))
    .sort();
  const baseline = process.env.MLOPS_BENCH_STARTUP_BASELINE;
  const label = process.env.MLOPS_BENCH_BASELINE_LABEL ?? baseline;
  const builds: [string, string][] = [['after', join(root, 'actions')]];
  if (baseline) builds.push(['before', baseline]);
  const timer = spawnTimer(
    process.env.MLOPS_BENCH_PYTHON ?? '/usr/bin/python3',
    dirname(fileURLToPath(import.meta.url)),
  );
  const runs = await localRuns(root);
  const loadBefore = loadavg()[0]!;
  const bare: Timing[] = [];
  const times = new Map<string, Timing[]>();
  const add = (key: string, t: Timing) => times.set(key, [...(times.get(key) ?? []), t]);
  for (let round = 0; round < rounds; round++) {
    bare.push(await timer.time(['-e', '0']));
    for (const [build, dir] of builds) {
      for (const action of actions)
        add(`${build} ${action}`, await timer.time([join(dir, action, 'dist/index.js')]));
      for (const run of runs) {
        const { env, cwd } = stepEnv(run);
        const t = await timer.time([join(dir, run.action, 'dist/index.js')], env, cwd);
        if (t.status !== 0) throw new Error(`${build}: ${run.name} failed (exit code ${t.status})`);
        add(`${build} ${run.name}`, t);
      }
    }
  }
  timer.close();
  const loadAfter = loadavg()[0]!;
  const floor = median(bare.map((t) => t.exit));
  const cpuFloor = median(bare.map((t) => t.cpu));
  const medians = (key: string) => {
    const ts = times.get(key)!;
    return {
      error: median(ts.map((t) => t.error)),
      exit: median(ts.map((t) => t.exit)),
      cpu: median(ts.map((t) => t.cpu)),
    };
  };
  const bundles = actions.map((action) => {
    const dist = join(root, 'actions', action, 'dist');
    const size = readdirSync(dist)
      .filter((f) => f.endsWith('.js'))
      .reduce((n, f) => n + statSync(join(dist, f)).size, 0);
    const m = medians(`after ${action}`);
    return {
      action,
      size,
      ms: m.error,
      exitMs: m.exit,
      ratio: m.error / floor,
      cpuMs: m.cpu,
      cpuRatio: m.cpu / cpuFloor,
    };
  });
  const before = (key: string, pick: 'error' | 'exit' | 'cpu', base: number) =>
    baseline ? ` ${cell(medians(`before ${key}`)[pick], base)} |` : '';
  const beforeHeads = (what: string) => (baseline ? ` Before: ${what} | Before: CPU |` : '');
  const beforeRule = baseline ? ' --- | --- |' : '';
  const rows = bundles.map(
    (b) =>
      `| ${b.action} | ${(b.size / 1e6).toFixed(2)} MB | ${b.ms.toFixed(0)} ms | **${b.ratio.toFixed(2)}×** | ${cell(b.cpuMs, cpuFloor)} | ${b.exitMs.toFixed(0)} ms |${before(b.action, 'error', floor)}${before(b.action, 'cpu', cpuFloor)}`,
  );
  const localRows = runs.map((run) => {
    const m = medians(`after ${run.name}`);
    return `| ${run.name} | ${cell(m.exit, floor)} | ${cell(m.cpu, cpuFloor)} |${before(run.name, 'exit', floor)}${before(run.name, 'cpu', cpuFloor)}`;
  });
  const section = `## 4. Bundles: size and start-up (\`pnpm bench -- --case bundles\`)

Time from spawning \`node dist/index.js\` with no inputs to its first \`::error::\` line (the first missing input, or
the missing region), its ratio to a bare \`node -e 0\` (target ≤ 2×, issue 21.6), the process's CPU time (user +
system, with its ratio to that of \`node -e 0\`), and the time to its exit; medians of ${rounds} interleaved rounds.
\`node -e 0\`: ${floor.toFixed(0)} ms, ${cpuFloor.toFixed(0)} ms of CPU. Size: \`dist/*.js\`, lazily loaded chunks included.${baseline ? `\nBefore: ${label}, timed in the same rounds.` : ''}
Run on ${new Date().toISOString().slice(0, 10)}, load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (2 cores).

| Action | Bundle | To the input error | × \`node -e 0\` | CPU | To exit |${beforeHeads('to the input error')}
| --- | --- | --- | --- | --- | --- |${beforeRule}
${rows.join('\n')}

Whole runs on local files, spawn to exit (reading, scoring, the Markdown summary and the HTML report included):

| Run | To exit | CPU |${beforeHeads('to exit')}
| --- | --- | --- |${beforeRule}
${localRows.join('\n')}
`;
  return { bundles, section };
}
