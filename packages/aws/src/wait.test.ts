import { describe, expect, it } from 'vitest';
import { WaitProgress } from './wait.js';

function clockAndLog(withProgress: boolean) {
  let t = 0;
  const lines: { t: number; kind: string; line: string }[] = [];
  const logger = {
    info: (line: string) => void lines.push({ t, kind: 'info', line }),
    warning: (line: string) => void lines.push({ t, kind: 'warning', line }),
    ...(withProgress
      ? { progress: (line: string) => void lines.push({ t, kind: 'progress', line }) }
      : undefined),
  };
  const deps = {
    logger,
    now: () => new Date(t),
    sleep: async (ms: number) => {
      t += ms;
    },
  };
  return { deps, lines };
}

describe('WaitProgress', () => {
  it('cuts a long poll interval into heartbeats 10 s after the last line, with what it waits for and the time left', async () => {
    const { deps, lines } = clockAndLog(false);
    const progress = new WaitProgress(deps, 'job j');
    progress.info('[0s] InProgress');
    progress.set('InProgress', (now) => `at most ${(100_000 - now) / 1000}s left`);
    await progress.sleep(35_000);
    progress.info('[35s] Completed');
    expect(lines).toEqual([
      { t: 0, kind: 'info', line: '[0s] InProgress' },
      { t: 10_000, kind: 'info', line: 'Waiting for job j (InProgress), 10s elapsed, at most 90s left' },
      { t: 20_000, kind: 'info', line: 'Waiting for job j (InProgress), 20s elapsed, at most 80s left' },
      { t: 30_000, kind: 'info', line: 'Waiting for job j (InProgress), 30s elapsed, at most 70s left' },
      { t: 35_000, kind: 'info', line: '[35s] Completed' },
    ]);
  });

  it('writes no heartbeat at the end of a sleep (the poll may write its line), but the next sleep starts with it', async () => {
    const { deps, lines } = clockAndLog(false);
    const progress = new WaitProgress(deps, 'stack s');
    await progress.sleep(10_000);
    expect(lines).toEqual([]);
    await progress.sleep(5_000);
    expect(lines).toEqual([{ t: 10_000, kind: 'info', line: 'Waiting for stack s, 10s elapsed' }]);
  });

  it('goes through the logger’s progress (one updating line on a CLI terminal) when it has one', async () => {
    const { deps, lines } = clockAndLog(true);
    const progress = new WaitProgress(deps, 'endpoint e');
    progress.set('Updating');
    await progress.sleep(30_000);
    expect(lines.map((l) => l.kind)).toEqual(['progress', 'progress']);
    expect(lines[1]!.line).toBe('Waiting for endpoint e (Updating), 20s elapsed');
  });
});
