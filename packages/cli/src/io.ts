import type { Logger } from '@mlops-actions/github';

/** Where the CLI writes; tests capture it. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** The process's own streams and environment. */
export const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
};

/** A logger on stderr, so stdout carries only the `name=value` outputs. */
export function cliLogger(io: CliIo, verbose: boolean): Logger {
  return {
    debug: (m) => {
      if (verbose) io.stderr(`debug: ${m}\n`);
    },
    info: (m) => io.stderr(`${m}\n`),
    warning: (m) => io.stderr(`warning: ${m}\n`),
    error: (m) => io.stderr(`error: ${m}\n`),
    group: async (name, fn) => {
      io.stderr(`▸ ${name}\n`);
      return fn();
    },
  };
}
