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
  } as ActionDeps & { logger: MemoryLogger };
}
