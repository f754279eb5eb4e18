import type { Logger } from './logger.js';

/** How often a long step reports: every 5 s, so a line comes at least every 10 s while each unit takes under 5 s. */
const PROGRESS_INTERVAL_MS = 5_000;

/** "38 s", "4 min 10 s", "1 h 5 min": a time span for people (inputs.ts's formatDuration writes input syntax). */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/**
 * A progress reporter for one long step: call it with (done, total) as work advances; it writes a line with done/total,
 * the share, the time spent and an estimate of the time left, at most every `intervalMs` and
 * once at the end when it wrote anything before. Steps that finish within the interval stay silent.
 */
export function progressReporter(options: {
  label: string;
  unit: string;
  now: () => Date;
  write: (line: string, final: boolean) => void;
  intervalMs?: number;
}): (done: number, total: number) => void {
  const interval = options.intervalMs ?? PROGRESS_INTERVAL_MS;
  const started = options.now().getTime();
  let last = started;
  let wrote = false;
  let finished = false;
  return (done, total) => {
    const now = options.now().getTime();
    const final = done >= total;
    if (finished || !(now - last >= interval || (final && wrote))) return;
    last = now;
    wrote = true;
    finished = final; // one closing line, however often the end is reported
    const elapsed = now - started;
    const left = done > 0 && !final ? `, about ${formatElapsed((elapsed / done) * (total - done))} left` : '';
    const share = total > 0 ? Math.floor((done / total) * 100) : 100;
    options.write(
      `${options.label}: ${done}/${total} ${options.unit} (${share}%), ${formatElapsed(elapsed)} elapsed${left}`,
      final,
    );
  };
}

/** A progress reporter writing through an action's logger: a log line in an action, an updating line on a CLI TTY. */
export function logProgress(
  deps: { logger: Logger; now: () => Date },
  label: string,
  unit: string,
): (done: number, total: number) => void {
  const { logger } = deps;
  return progressReporter({
    label,
    unit,
    now: deps.now,
    write: (line, final) => (logger.progress ? logger.progress(line, final) : logger.info(line)),
  });
}

const megabytes = (bytes: number) => Math.round(bytes / 100_000) / 10;

/** Progress of reading a source, in megabytes read of its size: "Reading challenger: 12.5/410.2 MB (3%), …". */
export function logReadProgress(
  deps: { logger: Logger; now: () => Date },
  label: string,
): (bytesRead: number, totalBytes: number) => void {
  const report = logProgress(deps, label, 'MB');
  return (bytesRead, totalBytes) => report(megabytes(bytesRead), megabytes(totalBytes));
}
