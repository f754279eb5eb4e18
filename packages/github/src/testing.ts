import { lazyAwsClients } from '@mlops-actions/aws';
import { errorMessage } from '@mlops-actions/core';
import type { ActionDeps } from './action.js';
import { runContextFromEnv } from './context.js';
import { MemoryLogger } from './logger.js';

/** Dependencies for unit tests: a memory logger, a fixed clock, instant sleep, no GitHub client unless given. */
export function testDeps(overrides: Partial<ActionDeps> = {}): ActionDeps & { logger: MemoryLogger } {
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
  } as ActionDeps & { logger: MemoryLogger };
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
