/**
 * Test helpers, reachable as `@mlops-actions/github/testing` only: the main entry ships in every action bundle and
 * must not carry them.
 */
import { lazyAwsClients } from '@mlops-actions/aws';
import { errorMessage } from '@mlops-actions/core';
import * as yaml from 'yaml';
import type { ActionDeps, ActionModule } from './action.js';
import { runContextFromEnv } from './context.js';
import { InputReader } from './inputs.js';
import type { Logger } from './logger.js';
import { provideYaml } from './yaml-on-demand.js';

type Level = 'debug' | 'info' | 'warning' | 'error';

/** A logger that remembers everything, for unit tests. */
export class MemoryLogger implements Logger {
  readonly lines: { level: Level; message: string }[] = [];
  debug(message: string) {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string) {
    this.lines.push({ level: 'info', message });
  }
  warning(message: string) {
    this.lines.push({ level: 'warning', message });
  }
  error(message: string) {
    this.lines.push({ level: 'error', message });
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push({ level: 'info', message: `[group] ${name}` });
    return fn();
  }
  /** All messages of one level. */
  of(level: Level): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.message);
  }
}

/**
 * Dependencies for unit tests: a memory logger, a fixed clock, instant sleep, no GitHub client unless given, and the
 * step state (`state.save`, what a post step reads) kept in `saved`.
 */
export function testDeps(
  overrides: Partial<ActionDeps> = {},
): ActionDeps & { logger: MemoryLogger; saved: Map<string, string> } {
  const state = new Map<string, string>();
  let now = Date.parse('2026-11-24T12:00:00Z');
  return {
    logger: new MemoryLogger(),
    context: runContextFromEnv({}),
    github: undefined,
    now: () => new Date(now),
    sleep: async (ms: number) => {
      now += ms;
    },
    state: { save: (n, v) => void state.set(n, v), get: (n) => state.get(n) ?? '' },
    mask: () => {},
    env: {},
    runtime: 'cli',
    ...overrides,
    aws: overrides.aws ?? lazyAwsClients(overrides.env ?? {}),
    saved: state,
  } as ActionDeps & { logger: MemoryLogger; saved: Map<string, string> };
}

/**
 * An action's parsed inputs from `with:`-style values, through its own parser (defaults and validation included),
 * as the action and the CLI would get them. Takes the action module or `{ definition, parseInputs }`.
 */
export function testInputs<I>(
  action: Pick<ActionModule<I>, 'definition' | 'parseInputs'>,
  values: Record<string, string | undefined>,
): I {
  // Synchronous, unlike an entry's parseInputsLoadingYaml: the YAML library (loaded on demand there) is given here.
  provideYaml(yaml);
  return action.parseInputs(new InputReader(action.definition, (name) => values[name]));
}

/** The message a user sees (message and hint, one line) of the error a promise rejects with; throws if it resolves. */
export async function rejectionMessage(promise: Promise<unknown>): Promise<string> {
  const outcome = await promise.then(
    () => ({ resolved: true as const }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error('expected the promise to reject');
  return errorMessage(outcome.error);
}

/**
 * When (by the deps' clock) each line is logged from now on, progress lines included: for tests that a long step
 * is never silent for long.
 */
export function recordLineTimes(deps: ActionDeps & { logger: MemoryLogger }): { t: number; line: string }[] {
  const stamps: { t: number; line: string }[] = [];
  const { logger } = deps;
  const info = logger.info.bind(logger);
  logger.info = (message: string) => {
    stamps.push({ t: deps.now().getTime(), line: message });
    info(message);
  };
  return stamps;
}

/** The longest silence between `start` and the last line (ms), and the line that ended it. */
export function longestSilence(start: number, stamps: { t: number; line: string }[]) {
  let longest = { ms: 0, before: '' };
  let last = start;
  for (const { t, line } of stamps) {
    if (t - last > longest.ms) longest = { ms: t - last, before: line };
    last = t;
  }
  return longest;
}
