import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './command.js';
import { parseFlags } from './flags.js';
import type { CliIo } from './io.js';

/**
 * The examples the demo runs: the data generator (`training/generate-data.mjs`) and the training source directory
 * (`ml/`, entry point `train.py`, run in script mode as on SageMaker); next to the bundle in the npm package
 * (`dist/mlops.js` → `examples/`), or in the repository when run from source (`packages/cli/src/`).
 */
function examplesDir(): string {
  const candidates = ['../examples/', '../../../examples/'].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  );
  return candidates.find((dir) => existsSync(join(dir, 'ml/train.py'))) ?? candidates[0]!;
}

interface Step {
  title: string;
  argv: string[];
}

/** Run one command through the CLI (the actions' own code path), capturing its log and outputs. */
async function step(io: CliIo, s: Step, log: string[]): Promise<Record<string, string>> {
  const out: string[] = [];
  const err: string[] = [];
  const started = Date.now();
  const [command, ...args] = s.argv;
  const code = await runCommand(command!, args, {
    ...io,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
  });
  log.push(
    `$ mlops ${s.argv.map((a) => (/[\s{}]/.test(a) ? JSON.stringify(a) : a)).join(' ')}\n`,
    ...err,
    ...out,
    '\n',
  );
  if (code !== 0) {
    io.stderr(`${err.join('')}${out.join('')}`);
    throw new Error(`${s.title} failed (exit code ${code}); its log is above.`);
  }
  const outputs: Record<string, string> = {};
  for (const line of out.join('').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  io.stdout(`  ✓ ${s.title} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return outputs;
}

function python(io: CliIo): string {
  for (const candidate of [io.env.MLOPS_PYTHON, 'python3', 'python'].filter(Boolean) as string[]) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    'The demo trains with examples/ml/train.py, which needs Python 3 (standard library only): install python3 or set MLOPS_PYTHON.',
  );
}

/**
 * `mlops demo [--out DIR]`: the whole loop on generated e-commerce data, through the same commands as the actions:
 * train a champion on the weeks before a behaviour shift and a challenger on the weeks after it (run-training, local
 * backend), evaluate them on the latest weeks (evaluate-challenger), and report drift of the production model's
 * data against its training data (drift-report). Reports land in one folder.
 */
export async function runDemo(io: CliIo, argv: string[] = []): Promise<number> {
  let flags: Record<string, string>;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\n`);
    return 2;
  }
  if ('help' in flags) {
    io.stdout(
      'Usage: mlops demo [--out DIR] [--seed N]\n\nRuns the whole chain locally on generated data: data, champion and challenger training, evaluation, drift report.\n',
    );
    return 0;
  }
  const out = resolve(flags.out ?? 'demo-output');
  const seed = flags.seed ?? '1';
  const log: string[] = [];
  const started = Date.now();
  try {
    const py = python(io);
    const examples = examplesDir();
    mkdirSync(out, { recursive: true });
    const data = join(out, 'data');
    io.stdout(`mlops demo → ${relative(process.cwd(), out) || '.'}/\n`);
    execFileSync(process.execPath, [join(examples, 'training/generate-data.mjs'), data, '--seed', seed], {
      stdio: 'ignore',
    });
    io.stdout('  ✓ generated 16 weeks of purchase events (behaviour shift from week 10)\n');
    // The training script runs with the Python found above (run-training's local backend reads MLOPS_PYTHON).
    const trainingIo = { ...io, env: { ...io.env, MLOPS_PYTHON: py } };
    const train = (model: 'champion' | 'challenger') =>
      step(
        trainingIo,
        {
          title: `trained the ${model} (run-training, local backend)`,
          argv: [
            'run-training',
            '--backend',
            'local',
            '--source-dir',
            join(examples, 'ml'),
            '--entry-point',
            'train.py',
            '--job-name',
            `demo-${model}`,
            '--channels',
            JSON.stringify({ train: join(data, `${model}-train`), eval: join(data, 'eval') }),
            '--hyperparameters',
            JSON.stringify({ epochs: 6, seed }),
            '--metric-definitions',
            JSON.stringify({ 'validation:average_precision': 'validation:average_precision=([0-9.]+)' }),
            '--output-path',
            join(out, 'models'),
            '--predictions-path',
            'predictions.csv',
            '--predictions-destination',
            join(out, `${model}-predictions.csv`),
            '--summary',
            join(out, `training-${model}.md`),
          ],
        },
        log,
      );
    const champion = await train('champion');
    const challenger = await train('challenger');
    const evaluation = await step(
      io,
      {
        title: 'evaluated the challenger against the champion (evaluate-challenger)',
        argv: [
          'evaluate-challenger',
          '--champion',
          champion.predictions!,
          '--challenger',
          challenger.predictions!,
          '--slice-columns',
          'channel',
          '--window',
          '7d',
          '--gamma',
          '0.8',
          '--result-path',
          join(out, 'evaluation-result.json'),
          '--report-dir',
          out,
          '--summary',
          join(out, 'evaluation.md'),
        ],
      },
      log,
    );
    const drift = await step(
      io,
      {
        title: 'reported drift of production data against the training data (drift-report)',
        argv: [
          'drift-report',
          '--predictions',
          champion.predictions!,
          '--outcomes',
          champion.predictions!,
          '--reference',
          join(data, 'reference.csv'),
          '--features',
          'age,tenure_days,basket_value,visits_30d,channel,country',
          '--window',
          '7d',
          '--min-metric',
          '0.5',
          '--result-path',
          join(out, 'drift-result.json'),
          '--report-dir',
          out,
          '--summary',
          join(out, 'drift.md'),
        ],
      },
      log,
    );
    writeFileSync(join(out, 'demo.log'), log.join(''));
    const rel = (p: string) => relative(process.cwd(), p);
    io.stdout(
      [
        '',
        `Decision: ${evaluation.decision === 'promote' ? 'promote the challenger' : 'keep the champion'} (average precision, γ-weighted: challenger ${Number(evaluation['challenger-score']).toFixed(4)} vs champion ${Number(evaluation['champion-score']).toFixed(4)})`,
        `${drift['retrain-reason']}`,
        `Drifted features: ${JSON.parse(drift['drifted-features'] ?? '[]').join(', ') || 'none'}`,
        '',
        'Reports:',
        `  ${rel(join(out, 'evaluation.md'))}        evaluation (Markdown, as posted on a pull request)`,
        `  ${rel(join(out, 'drift.md'))}             drift report (Markdown, as in the job summary)`,
        `  ${rel(evaluation['report-path']!)}  evaluation (self-contained HTML)`,
        `  ${rel(drift['report-path']!)}   drift report (self-contained HTML)`,
        `  ${rel(join(out, 'demo.log'))}             every command and its log`,
        `Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        '',
      ].join('\n'),
    );
    return existsSync(join(out, 'evaluation.md')) && readFileSync(join(out, 'drift.md'), 'utf8').length > 0
      ? 0
      : 1;
  } catch (error) {
    writeFileSync(join(out, 'demo.log'), log.join(''));
    io.stderr(`error: ${(error as Error).message}\n`);
    return 1;
  }
}
