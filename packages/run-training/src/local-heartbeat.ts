import { formatElapsed, type Logger } from '@mlops-actions/github';

/** The longest the log stays silent while a local training program runs (issue 19: a line at least every 10 s). */
const SILENCE_MS = 10_000;
/** How often (real time) the silence is checked. */
const CHECK_MS = 1_000;

/**
 * While a local training program runs, a line at least every 10 s: `Training program running, 40 s elapsed` when it
 * printed nothing since (a local run has no basis for a time left). Its own output lines count: call `line()` for
 * each. Checked on a real-time timer (the program is a real process), timed by the injected clock.
 */
export function silenceHeartbeat(deps: { logger: Logger; now: () => Date }): {
  line(): void;
  stop(): void;
} {
  const started = deps.now().getTime();
  let last = started;
  const timer = setInterval(() => {
    const now = deps.now().getTime();
    if (now - last < SILENCE_MS) return;
    last = now;
    const text = `Training program running, ${formatElapsed(now - started)} elapsed`;
    if (deps.logger.progress) deps.logger.progress(text, false);
    else deps.logger.info(text);
  }, CHECK_MS);
  timer.unref();
  return {
    line: () => {
      last = deps.now().getTime();
    },
    stop: () => clearInterval(timer),
  };
}
