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
