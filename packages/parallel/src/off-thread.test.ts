import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUserError, UserError } from '@mlops-actions/core';
import { type ReferenceJob, referenceTask } from '@mlops-actions/drift-report/reference-task';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canRunOffThread, runOffThread } from './pool.js';

// The drift reference task (a real async task reading a file) runs in a worker thread from source, through tsx.
const dir = mkdtempSync(join(tmpdir(), 'off-thread-'));
const csv = join(dir, 'reference.csv');
const rows = ['x,channel'];
for (let i = 0; i < 3000; i++) rows.push(`${((i * 7919) % 1000) / 10},${['web', 'app', ''][i % 3]}`);
writeFileSync(csv, `${rows.join('\n')}\n`);
const job = (features: string[]): ReferenceJob => ({
  source: csv,
  format: 'auto',
  maxBadRecords: 0,
  features,
  categorical: ['channel'],
  exactBudget: 2000, // x past its share (1000 each) goes into a sketch
});
const noProgress = () => {};

describe('runOffThread', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.MLOPS_WORKER_THREADS;
    process.env.MLOPS_WORKER_THREADS = '2';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.MLOPS_WORKER_THREADS;
    else process.env.MLOPS_WORKER_THREADS = saved;
  });

  it('runs an async task in a worker thread with the result it gives in this thread (Maps, typed arrays)', async () => {
    expect(canRunOffThread()).toBe(true);
    const inline = await referenceTask.run(job(['x', 'channel']), noProgress);
    const threaded = await runOffThread(referenceTask, job(['x', 'channel'])).result;
    expect(threaded).toEqual(inline);
    expect(threaded.sides.get('channel')).toEqual({
      kind: 'categorical',
      counts: new Map([
        ['web', 1000],
        ['app', 1000],
      ]),
      missing: 1000,
    });
    expect(threaded.sketched).toEqual(['x']);
  });

  it('keeps a user error one: same message and hint as in this thread', async () => {
    const inline = await Promise.resolve(referenceTask.run(job(['x', 'missing']), noProgress)).catch(
      (e) => e,
    );
    const threaded = await runOffThread(referenceTask, job(['x', 'missing'])).result.catch((e) => e);
    expect(inline).toBeInstanceOf(UserError);
    expect(isUserError(threaded)).toBe(true);
    expect([threaded.message, threaded.hint]).toEqual([inline.message, inline.hint]);
    expect(threaded.message).toMatch(/Column "missing" not found/);
  });

  it('stops the worker on cancel: the result is then a rejection, not a hang', async () => {
    const started = runOffThread(referenceTask, job(['x', 'channel']));
    started.cancel();
    await expect(started.result).rejects.toThrow(/exited .*before finishing/);
  });

  it('runs in this thread when only one thread is allowed', async () => {
    process.env.MLOPS_WORKER_THREADS = '1';
    expect(canRunOffThread()).toBe(false);
    const out = await runOffThread(referenceTask, job(['x'])).result;
    expect(out.sides.get('x')).toMatchObject({ kind: 'numeric-summary', count: 3000, missing: 0 });
  });
});
