import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { parseFlags } from './flags.js';
import { cliLogger } from './io.js';

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), env },
    out,
    err,
  };
}

describe('mlops CLI', () => {
  it('lists the five commands', async () => {
    const { io, out } = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const name of [
      'deploy-stack',
      'run-training',
      'evaluate-challenger',
      'drift-report',
      'promote-model',
    ]) {
      expect(out.join('')).toContain(name);
    }
  });

  it('has --help per command with the action.yml input names', async () => {
    const { io, out } = capture();
    expect(await runCli(['deploy-stack', '--help'], io)).toBe(0);
    expect(out.join('')).toContain('--stack-name');
    expect(out.join('')).toContain('--output-json');
  });

  it('rejects unknown flags and commands with a hint', async () => {
    const a = capture();
    expect(await runCli(['deploy-stack', '--stak-name', 'x'], a.io)).toBe(1);
    expect(a.err.join('')).toContain(
      'Unknown flag --stak-name for deploy-stack. Run `mlops deploy-stack --help`',
    );
    const b = capture();
    expect(await runCli(['deploy'], b.io)).toBe(2);
  });

  it('enforces required inputs like the action', async () => {
    const { io, err } = capture();
    expect(await runCli(['promote-model'], io)).toBe(1);
    expect(err.join('')).toContain('Input required and not supplied: model-package-group.');
  });

  it('parses --name value, --name=value and bare flags', () => {
    expect(parseFlags(['--a', '1', '--b=2=3', '--c', '--d', 'x'])).toEqual({
      a: '1',
      b: '2=3',
      c: 'true',
      d: 'x',
    });
    expect(() => parseFlags(['--a', '1', '--a', '2'])).toThrow('Flag --a was given twice.');
    expect(() => parseFlags(['a'])).toThrow('Unexpected argument "a"');
  });

  it('does not write --output-json when the command fails', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cli-')), 'result.json');
    const { io } = capture();
    expect(await runCli(['deploy-stack', '--stack-name', 's', '--output-json', file], io)).toBe(1);
    const { existsSync } = await import('node:fs');
    expect(existsSync(file)).toBe(false);
  });
});

describe('CLI progress', () => {
  const capture = (stderrIsTTY: boolean) => {
    const out: string[] = [];
    return {
      out,
      logger: cliLogger({ stdout: () => {}, stderr: (t) => void out.push(t), env: {}, stderrIsTTY }, false),
    };
  };

  it('updates one line in place on a terminal and ends it before the next message', () => {
    const { out, logger } = capture(true);
    logger.progress!('Bootstrap: 1/2 resamples', false);
    logger.progress!('Bootstrap: 2/2 resamples', false);
    logger.info('done');
    expect(out.join('')).toBe('\r\x1b[KBootstrap: 1/2 resamples\r\x1b[KBootstrap: 2/2 resamples\ndone\n');
  });

  it('neutralises workflow commands that data puts in a message (the CLI runs in `run:` steps too)', () => {
    const { out, logger } = capture(false);
    logger.warning('column x');
    logger.info('::error::from data\n  ::add-mask::secret');
    logger.progress!('Reading ##[group]x: 1/2', true);
    const text = out.join('');
    expect(text).not.toMatch(/^\s*::/m);
    expect(text).not.toContain('##[');
    expect(text).toContain('› ::error::from data');
  });

  it('writes one line per update when stderr is not a terminal (CI logs, pipes)', () => {
    const { out, logger } = capture(false);
    logger.progress!('Bootstrap: 1/2 resamples', false);
    logger.progress!('Bootstrap: 2/2 resamples', true);
    expect(out.join('')).toBe('Bootstrap: 1/2 resamples\nBootstrap: 2/2 resamples\n');
  });
});

describe('CLI progress through a command', () => {
  // 300,000 rows (about 12 MB, read in 1 MiB chunks) and a 50-resample bootstrap: long enough, on a clock where
  // every reading of the time is a second later, for reading and the bootstrap to report.
  const dir = mkdtempSync(join(tmpdir(), 'cli-progress-'));
  const file = join(dir, 'scores.csv');
  const day0 = Date.parse('2026-11-20T00:00:00Z');
  writeFileSync(
    file,
    `id,timestamp,label,score_a,score_b\n${Array.from({ length: 300_000 }, (_, i) => {
      const label = i % 3 === 0 ? 1 : 0;
      const t = new Date(day0 - (i % 14) * 86_400_000 - (i % 997) * 1000).toISOString();
      return `${i},${t},${label},${((label ? 0.55 : 0.3) + (i % 7) / 20).toFixed(3)},${(0.2 + (i % 9) / 12).toFixed(3)}`;
    }).join('\n')}\n`,
  );

  async function evaluate(stderrIsTTY: boolean) {
    const out: string[] = [];
    const err: string[] = [];
    let t = day0;
    const io = {
      stdout: (text: string) => void out.push(text),
      stderr: (text: string) => void err.push(text),
      env: {},
      stderrIsTTY,
      clock: {
        now: () => {
          t += 1000;
          return new Date(t);
        },
        sleep: async (ms: number) => {
          t += ms;
        },
      },
    };
    const code = await runCli(
      [
        'evaluate-challenger',
        ...['--champion', file, '--challenger', file],
        ...['--champion-score-column', 'score_b', '--challenger-score-column', 'score_a'],
        // 300,000 rows get the influence interval by default: resampling is what reports progress.
        ...['--bootstrap', '50', '--bootstrap-method', 'poisson'],
      ],
      io,
    );
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  it('on a terminal, each step’s progress rewrites one stderr line, closed before the next message', async () => {
    const run = await evaluate(true);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^decision=/m);
    expect(run.stdout).not.toMatch(/Bootstrap|Reading|\r/);
    for (const step of ['Reading ', 'Bootstrap: ']) {
      const updates = run.stderr.split('\r\x1b[K').filter((part) => part.startsWith(step));
      expect(updates.length, step).toBeGreaterThan(2);
      // Every update but the last stays open on its line; the last (done) ends it.
      expect(updates.slice(0, -1).every((u) => !u.includes('\n'))).toBe(true);
      expect(updates.at(-1)).toMatch(/\(100%\), [^\n]*\n/);
    }
    expect(run.stderr).not.toMatch(/\n(Reading |Bootstrap: )/);
  }, 60_000);

  it('elsewhere (a CI log, a pipe), each update is a line of its own on stderr', async () => {
    const run = await evaluate(false);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr.match(/^Bootstrap: \d+\/50 resamples \(\d+%\), .*$/gm)!.length).toBeGreaterThan(2);
    expect(run.stdout).not.toMatch(/Bootstrap|Reading/);
  }, 60_000);
});
