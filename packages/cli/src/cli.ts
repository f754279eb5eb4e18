import { writeFile } from 'node:fs/promises';
import { lazyAwsClients } from '@mlops-actions/aws';
import { errorMessage, isUserError, UserError } from '@mlops-actions/core';
import { writeFileAtomic } from '@mlops-actions/data';
import {
  type ActionDeps,
  type ActionModule,
  type ActionResult,
  createGitHubClient,
  InputReader,
  type Logger,
  runContextFromEnv,
  systemClock,
} from '@mlops-actions/github';
import { actions } from './registry.js';

/** Flags every command accepts besides its inputs. */
export const COMMON_FLAGS: Record<string, string> = {
  'output-json': 'Write the result object (JSON) to this file.',
  summary: 'Write the Markdown report (the job summary in an action) to this file.',
  help: 'Show this help.',
};

/** Where the CLI writes; tests capture it. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal: progress then updates one line in place instead of adding lines. */
  stderrIsTTY?: boolean;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
};

/** Parse `--name value` / `--name=value` / bare `--flag` (true). Repeated flags are an error. */
export function parseFlags(args: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--'))
      throw new UserError(`Unexpected argument ${JSON.stringify(arg)}: inputs are passed as --name value.`);
    let name = arg.slice(2);
    let value: string;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    } else if (i + 1 < args.length && !args[i + 1]!.startsWith('--')) {
      value = args[++i]!;
    } else {
      value = 'true';
    }
    if (name in flags) throw new UserError(`Flag --${name} was given twice.`);
    flags[name] = value;
  }
  return flags;
}

/** The help text of one command, generated from the action's definition. */
export function commandHelp(module: ActionModule<unknown>): string {
  const d = module.definition;
  const rows: string[] = [];
  const width =
    Math.max(
      ...Object.keys({ ...d.inputs, ...COMMON_FLAGS, ...(module.cli?.flags ?? {}) }).map((n) => n.length),
    ) + 4;
  for (const [name, spec] of Object.entries(d.inputs)) {
    const extra = spec.required
      ? ' (required)'
      : spec.default !== undefined && spec.default !== ''
        ? ` (default: ${spec.default})`
        : '';
    rows.push(`  --${name.padEnd(width)}${spec.description}${extra}`);
  }
  const common = Object.entries({ ...(module.cli?.flags ?? {}), ...COMMON_FLAGS }).map(
    ([name, text]) => `  --${name.padEnd(width)}${text}`,
  );
  return `Usage: mlops ${d.id} [--<input> VALUE ...]\n\n${d.description}\n\nInputs (same names as action.yml):\n${rows.join('\n')}\n\nOptions:\n${common.join('\n')}\n`;
}

/** Top-level help. */
export function mainHelp(extraCommands: Record<string, string> = {}): string {
  const lines = Object.values(actions).map(
    (m) => `  ${m.definition.id.padEnd(22)}${m.definition.description}`,
  );
  for (const [name, text] of Object.entries(extraCommands)) lines.push(`  ${name.padEnd(22)}${text}`);
  lines.push(`  ${'demo'.padEnd(22)}Run the whole chain locally on generated data (no AWS account needed).`);
  return `Usage: mlops <command> [--<input> VALUE ...]\n\nRuns the same logic as the GitHub Actions, locally.\n\nCommands:\n${lines.join('\n')}\n\nRun \`mlops <command> --help\` for the inputs of a command.\n`;
}

/** The CLI's logger: everything on stderr; on a terminal, progress rewrites one line until the step ends. */
export function cliLogger(io: CliIo, verbose: boolean): Logger {
  let progressOpen = false;
  // A message after an open progress line starts on a fresh line.
  const write = (text: string) => {
    if (progressOpen) io.stderr('\n');
    progressOpen = false;
    io.stderr(text);
  };
  return {
    debug: (m) => {
      if (verbose) write(`debug: ${m}\n`);
    },
    info: (m) => write(`${m}\n`),
    warning: (m) => write(`warning: ${m}\n`),
    error: (m) => write(`error: ${m}\n`),
    group: async (name, fn) => {
      write(`▸ ${name}\n`);
      return fn();
    },
    progress: (line, final) => {
      if (!io.stderrIsTTY) return write(`${line}\n`);
      io.stderr(`\r\x1b[K${line}${final ? '\n' : ''}`);
      progressOpen = !final;
    },
  };
}

/** Dependencies for a local run: real clock, GitHub only when a token is given. */
export function cliDeps(io: CliIo, token: string | undefined): ActionDeps {
  const context = runContextFromEnv(io.env);
  const state = new Map<string, string>();
  return {
    logger: cliLogger(io, io.env.MLOPS_DEBUG === 'true' || io.env.RUNNER_DEBUG === '1'),
    context,
    github: token ? createGitHubClient(token, context.apiUrl) : undefined,
    now: systemClock.now,
    sleep: systemClock.sleep,
    state: { save: (n, v) => void state.set(n, v), get: (n) => state.get(n) ?? '' },
    mask: () => {},
    env: io.env,
    aws: lazyAwsClients(io.env),
    runtime: 'cli',
  };
}

/** Run one command; returns the exit code. */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(mainHelp());
    return 0;
  }
  if (command === 'demo') return (await import('./demo.js')).runDemo(io, rest);
  const module = actions[command];
  if (!module) {
    io.stderr(`error: unknown command ${JSON.stringify(command)}.\n\n${mainHelp()}`);
    return 2;
  }
  try {
    const flags = parseFlags(rest);
    if ('help' in flags) {
      io.stdout(commandHelp(module));
      return 0;
    }
    const known = new Set([
      ...Object.keys(module.definition.inputs),
      ...Object.keys(COMMON_FLAGS),
      ...Object.keys(module.cli?.flags ?? {}),
    ]);
    for (const name of Object.keys(flags)) {
      if (!known.has(name)) {
        throw new UserError(`Unknown flag --${name} for ${command}.`, {
          hint: `Run \`mlops ${command} --help\` for the inputs.`,
        });
      }
    }
    const token = flags['github-token'] || io.env.GITHUB_TOKEN || undefined;
    const deps = cliDeps(io, module.definition.inputs['github-token'] ? token : undefined);
    let result: ActionResult;
    const cliMode = module.cli && Object.keys(module.cli.flags).some((f) => f in flags);
    if (cliMode) {
      result = await module.cli!.run(flags, deps);
    } else {
      const source = (name: string) => (name === 'github-token' ? (token ?? '') : flags[name]);
      const inputs = module.parseInputs(new InputReader(module.definition, source));
      result = await module.run(inputs, deps);
    }
    if (flags['output-json'] && result.result !== undefined) {
      await writeFileAtomic(flags['output-json'], `${JSON.stringify(result.result, null, 2)}\n`);
    }
    if (flags.summary && result.summary) await writeFile(flags.summary, result.summary);
    for (const [name, value] of Object.entries(result.outputs)) io.stdout(`${name}=${String(value)}\n`);
    if (result.failure) {
      io.stderr(`error: ${result.failure}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    io.stderr(`error: ${errorMessage(error).replace(/[\r\n]+/g, ' ')}\n`);
    if (!isUserError(error) && error instanceof Error && io.env.MLOPS_DEBUG === 'true')
      io.stderr(`${error.stack}\n`);
    return 1;
  }
}
