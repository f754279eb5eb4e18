import type { AwsClients } from '@mlops-actions/aws';
import type { GitHubClient } from './client.js';
import type { RunContext } from './context.js';
import type { ActionDefinition } from './definition.js';
import type { InputReader } from './inputs.js';
import type { Logger } from './logger.js';

/** State kept between the main step and the `post:` step (core.saveState / STATE_* in an action). */
interface StepState {
  save(name: string, value: string): void;
  get(name: string): string;
}

/** What an action's logic may touch. Everything with an effect is here, so tests can replace it. */
export interface ActionDeps {
  logger: Logger;
  context: RunContext;
  /** GitHub API client, or undefined when there is no token (e.g. the CLI without GITHUB_TOKEN). */
  github: GitHubClient | undefined;
  /** The current time. */
  now: () => Date;
  /** Waits; tests inject an instant version. */
  sleep: (ms: number) => Promise<void>;
  state: StepState;
  /** Register a value that must never appear in logs. */
  mask: (secret: string) => void;
  /** Environment variables (AWS_REGION, AWS_ENDPOINT_URL*, ...). */
  env: NodeJS.ProcessEnv;
  /** AWS clients from the standard chain, built on first use. The only way logic reaches AWS. */
  aws: AwsClients;
  /** Whether this runs as a GitHub Action ('action') or from the `mlops` CLI ('cli'). */
  runtime: 'action' | 'cli';
}

/** What an action's logic returns; the caller (action entry or CLI) publishes it. */
export interface ActionResult {
  /** Output values by output name (every output in the definition should be set). */
  outputs: Record<string, string | number | boolean>;
  /** Markdown for the job summary. */
  summary?: string;
  /** The versioned result object written to `--output-json` / `result-json`. */
  result?: unknown;
  /** When set, the step fails with this message after outputs and summary are published. */
  failure?: string;
}

/** An action: its definition, its one input parser, and its logic. Shared by the action entry and the CLI. */
export interface ActionModule<I = unknown> {
  definition: ActionDefinition;
  parseInputs(reader: InputReader): I;
  run(inputs: I, deps: ActionDeps): Promise<ActionResult>;
  /**
   * Checks of the parsed inputs against the environment that need no AWS call (region, names, a request AWS would
   * refuse), made before the action loads the AWS SDK, so these errors come at start-up speed; `run` makes them again.
   */
  checkBeforeAws?(inputs: I, deps: Pick<ActionDeps, 'env' | 'context'>): void;
  /** The `post:` step (cleanup after cancellation), when the definition declares one. */
  post?(deps: ActionDeps): Promise<void>;
  /**
   * True when the action calls AWS only for inputs that name a remote location (`s3://`, `athena://`, …): a run
   * whose inputs name none starts without loading the AWS SDK (about half of the bundle).
   */
  awsOnlyForRemoteInputs?: boolean;
  /** Extra CLI-only modes (e.g. `--history`), given the raw flags; return undefined to run normally. */
  cli?: {
    flags: Record<string, string>;
    run(flags: Record<string, string>, deps: ActionDeps): Promise<ActionResult>;
  };
}

/** Declare an action module with full type inference of its inputs. */
export function defineActionModule<I>(module: ActionModule<I>): ActionModule<I> {
  return module;
}

/**
 * A function of a module imported on its first call. An action's logic goes through it so that the logic (and the
 * AWS SDK it imports) loads only when the step runs, after the inputs parsed: an input error is reported without
 * loading it (issue 21, start-up in at most 2× a bare Node).
 */
export function importedOnCall<A extends unknown[], R>(
  load: () => Promise<(...args: A) => Promise<R>>,
): (...args: A) => Promise<R> {
  return async (...args) => (await load())(...args);
}

/** Real-time helpers. */
export const systemClock = {
  now: () => new Date(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};
