/** Where AWS operations report progress: the action's logger (structurally; packages/aws does not import github). */
export interface ProgressLog {
  info(message: string): void;
  warning(message: string): void;
}

/** What a wait needs injected: a log, the clock and a sleep (tests pass an instant one). */
export interface WaitDeps {
  logger: ProgressLog;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

/** How often to poll and when to give up. */
export interface WaitOptions {
  pollMs: number;
  timeoutMs: number;
}

/** Whole minutes of a timeout, for messages ("after the 30m timeout"). */
export const timeoutMinutes = (ms: number) => Math.round(ms / 60_000);

/** Elapsed time for progress lines: `42s`, or `3m07s` from a minute on. */
export function formatElapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
