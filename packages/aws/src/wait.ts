/** Where AWS operations report progress: the action's logger (structurally; packages/aws does not import github). */
export interface ProgressLog {
  info(message: string): void;
  warning(message: string): void;
  /** A progress line (an updating line on a CLI terminal); loggers without it log progress with `info`. */
  progress?(line: string, final: boolean): void;
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

/**
 * The longest a wait stays silent (issue 19: a line at least every 10 s). Separate from the poll interval: a wait
 * may poll every 30 s (each poll costs an API call and counts against throttling) and still say every 10 s that
 * it is alive, how long it has waited and, where it has a basis, how long is left.
 */
const HEARTBEAT_MS = 10_000;

/** Whole minutes of a timeout, for messages ("after the 30m timeout"). */
export const timeoutMinutes = (ms: number) => Math.round(ms / 60_000);

/** Elapsed time for progress lines: `42s`, or `3m07s` from a minute on. */
export function formatElapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * The progress of one wait: the lines it writes on a change (`info`), and between them, while it sleeps, a
 * heartbeat `Waiting for <subject> (<status>), 40s elapsed[, <left>]` whenever HEARTBEAT_MS passed without a line.
 * Heartbeats go through the logger's `progress` (one updating line on a CLI terminal), else `info`.
 */
export class WaitProgress {
  private readonly deps: WaitDeps;
  private readonly subject: string;
  private readonly started: number;
  private lastLine: number;
  private status = '';
  private left: ((nowMs: number) => string | undefined) | undefined;

  constructor(deps: WaitDeps, subject: string) {
    this.deps = deps;
    this.subject = subject;
    this.started = deps.now().getTime();
    this.lastLine = this.started;
  }

  /** Milliseconds since the wait started. */
  elapsed(): number {
    return this.deps.now().getTime() - this.started;
  }

  /** A line the wait writes on a change (a status, an event); the next heartbeat counts from it. */
  info(message: string): void {
    this.deps.logger.info(message);
    this.lastLine = this.deps.now().getTime();
  }

  /** What heartbeats say until the next poll: the status, and the time left where there is a basis for it. */
  set(status: string, left?: (nowMs: number) => string | undefined): void {
    this.status = status;
    this.left = left;
  }

  /**
   * Sleep `ms` (the poll interval) in slices, writing a heartbeat whenever HEARTBEAT_MS passed without a line. None
   * at the very end: the poll that follows may write its own line, and if it does not, the next sleep starts with
   * the heartbeat that is due.
   */
  async sleep(ms: number): Promise<void> {
    let remaining = ms;
    while (remaining > 0) {
      if (this.deps.now().getTime() - this.lastLine >= HEARTBEAT_MS) this.heartbeat();
      const slice = Math.min(remaining, this.lastLine + HEARTBEAT_MS - this.deps.now().getTime());
      await this.deps.sleep(slice);
      remaining -= slice;
    }
  }

  private heartbeat(): void {
    const now = this.deps.now().getTime();
    const left = this.left?.(now);
    const line = `Waiting for ${this.subject}${this.status ? ` (${this.status})` : ''}, ${formatElapsed(now - this.started)} elapsed${left ? `, ${left}` : ''}`;
    const { logger } = this.deps;
    if (logger.progress) logger.progress(line, false);
    else logger.info(line);
    this.lastLine = now;
  }
}
