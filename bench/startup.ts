// `pnpm bench -- --case bundles`: each action's bundle size and start-up, timed as a user waits for it: from spawning
// `node dist/index.js` (no inputs, as in a misconfigured step) to its first `::error::` line, and to its exit. Issue
// 21.6 asks at most 2× a bare `node -e 0`. The runs are interleaved (bare Node, then each action, round after round) so
// a change in the machine's load moves every figure alike; the section records the load average around the run.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

/** One action's figures: JS size of dist/ (chunks included), medians in ms, and the ratio to `node -e 0`. */
export interface BundleStart {
  action: string;
  size: number;
  ms: number;
  exitMs: number;
  ratio: number;
}

const ROUNDS = 15;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Milliseconds from spawn to the first `::error::` line (exit when there is none), and to exit. */
function timeOnce(args: string[]): Promise<{ error: number; exit: number }> {
  return new Promise((done) => {
    const start = performance.now();
    let error = 0;
    let out = '';
    // No GITHUB_* files and no inputs: the step fails on its first missing input (or region), as in the harness.
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, GITHUB_ACTIONS: 'true' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!error && out.includes('::error::')) error = performance.now() - start;
    });
    child.on('close', () => {
      const exit = performance.now() - start;
      done({ error: error || exit, exit });
    });
  });
}

/** Measure `node -e 0` and every action's dist/index.js, interleaved over ROUNDS rounds; the section for RESULTS.md. */
export async function measureStartup(root: string): Promise<{ bundles: BundleStart[]; section: string }> {
  const actions = readdirSync(join(root, 'actions')).sort();
  const loadBefore = loadavg()[0]!;
  const bare: number[] = [];
  const times = new Map(actions.map((a) => [a, { error: [] as number[], exit: [] as number[] }]));
  for (let round = 0; round < ROUNDS; round++) {
    bare.push((await timeOnce(['-e', '0'])).exit);
    for (const action of actions) {
      const t = await timeOnce([join(root, 'actions', action, 'dist/index.js')]);
      times.get(action)!.error.push(t.error);
      times.get(action)!.exit.push(t.exit);
    }
  }
  const loadAfter = loadavg()[0]!;
  const floor = median(bare);
  const bundles = actions.map((action) => {
    const dist = join(root, 'actions', action, 'dist');
    const size = readdirSync(dist)
      .filter((f) => f.endsWith('.js'))
      .reduce((n, f) => n + statSync(join(dist, f)).size, 0);
    const { error, exit } = times.get(action)!;
    return { action, size, ms: median(error), exitMs: median(exit), ratio: median(error) / floor };
  });
  const rows = bundles.map(
    (b) =>
      `| ${b.action} | ${(b.size / 1e6).toFixed(2)} MB | ${b.ms.toFixed(0)} ms | **${b.ratio.toFixed(2)}×** | ${b.exitMs.toFixed(0)} ms |`,
  );
  const section = `## 4. Bundles: size and start-up (\`pnpm bench -- --case bundles\`)

Time from spawning \`node dist/index.js\` with no inputs to its first \`::error::\` line (the first missing input, or
the missing region), its ratio to a bare \`node -e 0\` (target ≤ 2×, issue 21.6), and to the process's exit; medians
of ${ROUNDS} interleaved rounds. \`node -e 0\`: ${floor.toFixed(0)} ms. Size: \`dist/*.js\`, lazily loaded chunks included.
Run on ${new Date().toISOString().slice(0, 10)}, load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (2 cores).

| Action | Bundle | To the input error | × \`node -e 0\` | To exit |
| --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
  return { bundles, section };
}
