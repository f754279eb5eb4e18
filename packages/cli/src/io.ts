import { type Logger, neutralizeOutput } from '@mlops-actions/github';

/** Where the CLI writes; tests capture it. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal: progress then updates one line in place instead of adding lines. */
  stderrIsTTY?: boolean;
  /** The clock and sleep of a run; the real ones unless a test passes its own (progress is paced by it). */
  clock?: { now: () => Date; sleep: (ms: number) => Promise<void> };
}

/** The process's own streams and environment. */
export const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
};

/**
 * A logger on stderr, so stdout carries only the `name=value` outputs; on a terminal, progress rewrites one line.
 * Messages pass through neutralizeOutput as the action's do: the CLI often runs in a workflow's `run:` step, where
 * the runner would execute a `::command::` that data put at the start of a line.
 */
export function cliLogger(io: CliIo, verbose: boolean): Logger & { endLine(): void } {
  let progressOpen = false;
  /** Ends a progress line left open, so what comes next (a message, the outputs, an error) starts a line. */
  const endLine = () => {
    if (progressOpen) io.stderr('\n');
    progressOpen = false;
  };
  const write = (text: string) => {
    endLine();
    io.stderr(neutralizeOutput(text));
  };
  return {
    endLine,
    debug: (m) => {
      if (verbose) write(`debug: ${m}\n`);
    },
    info: (m) => write(`${m}\n`),
    warning: (m) => write(`warning: ${m}\n`),
    error: (m) => write(`error: ${m}\n`),
    group: async (name, fn) => {
      write(`▸ ${name.replace(/[\r\n]+/g, ' ')}\n`);
      return fn();
    },
    progress: (line, final) => {
      if (!io.stderrIsTTY) return write(`${line}\n`);
      io.stderr(`\r\x1b[K${neutralizeOutput(line)}${final ? '\n' : ''}`);
      progressOpen = !final;
    },
  };
}
