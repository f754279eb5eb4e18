import { writeFile } from 'node:fs/promises';
import { lazyAwsClients } from '@mlops-actions/aws';
import { errorMessage, isUserError, UserError } from '@mlops-actions/core';
import { writeFileAtomic } from '@mlops-actions/data';
import {
  type ActionDefinition,
  type ActionDeps,
  type ActionResult,
  createGitHubClient,
  InputReader,
  parseInputsLoadingYaml,
  runContextFromEnv,
  systemClock,
} from '@mlops-actions/github';
import { COMMON_FLAGS, parseFlags } from './flags.js';
import { commandHelp, mainHelp } from './help.js';
import { type CliIo, cliLogger } from './io.js';
import { actions } from './registry.js';

/** Dependencies for a local run: the real clock (unless a test gives one), GitHub only when a token is given. */
function cliDeps(io: CliIo, token: string | undefined, logger: ActionDeps['logger']): ActionDeps {
  const context = runContextFromEnv(io.env);
  const state = new Map<string, string>();
  return {
    logger,
    context,
    github: token ? createGitHubClient(token, context.apiUrl) : undefined,
    now: (io.clock ?? systemClock).now,
    sleep: (io.clock ?? systemClock).sleep,
    state: { save: (n, v) => void state.set(n, v), get: (n) => state.get(n) ?? '' },
    mask: () => {},
    env: io.env,
    aws: lazyAwsClients(io.env),
    runtime: 'cli',
  };
}

/**
 * The definition as the CLI reads it: inputs with a `cliDefault` take that default instead of the action's, so a
 * file an action keeps in the workspace for later steps (`result-path`) is written by the CLI only when asked for.
 */
function cliDefinition(definition: ActionDefinition): ActionDefinition {
  const inputs = Object.fromEntries(
    Object.entries(definition.inputs).map(([name, spec]) =>
      spec.cliDefault === undefined ? [name, spec] : [name, { ...spec, default: spec.cliDefault }],
    ),
  );
  return { ...definition, inputs };
}

/** Run one action command (`mlops <action> --<input> VALUE ...`); returns the exit code. */
export async function runCommand(command: string, args: string[], io: CliIo): Promise<number> {
  const module = actions[command];
  if (!module) {
    io.stderr(`error: unknown command ${JSON.stringify(command)}.\n\n${mainHelp()}`);
    return 2;
  }
  const logger = cliLogger(io, io.env.MLOPS_DEBUG === 'true' || io.env.RUNNER_DEBUG === '1');
  try {
    const flags = parseFlags(args);
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
    const deps = cliDeps(io, module.definition.inputs['github-token'] ? token : undefined, logger);
    let result: ActionResult;
    const cliMode = module.cli && Object.keys(module.cli.flags).some((f) => f in flags);
    if (cliMode) {
      result = await module.cli!.run(flags, deps);
    } else {
      const source = (name: string) => (name === 'github-token' ? (token ?? '') : flags[name]);
      const inputs = await parseInputsLoadingYaml(() =>
        module.parseInputs(new InputReader(cliDefinition(module.definition), source)),
      );
      result = await module.run(inputs, deps);
    }
    if (flags['output-json'] && result.result !== undefined) {
      await writeFileAtomic(flags['output-json'], `${JSON.stringify(result.result, null, 2)}\n`);
    }
    if (flags.summary && result.summary) await writeFile(flags.summary, result.summary);
    logger.endLine();
    for (const [name, value] of Object.entries(result.outputs)) io.stdout(`${name}=${String(value)}\n`);
    if (result.failure) {
      io.stderr(`error: ${result.failure}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    logger.endLine();
    io.stderr(`error: ${errorMessage(error).replace(/[\r\n]+/g, ' ')}\n`);
    if (!isUserError(error) && error instanceof Error && io.env.MLOPS_DEBUG === 'true')
      io.stderr(`${error.stack}\n`);
    return 1;
  }
}
