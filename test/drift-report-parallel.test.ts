import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runStep } from './harness/runner.js';

const DAY = 86_400_000;
const AS_OF = Date.parse('2026-11-23T00:00:00Z');

/** A workspace with a reference file over 8 MB (read in a worker thread) and a week of predictions. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'drift-parallel-'));
  const reference = ['amount,channel,tenure'];
  for (let i = 0; i < 600_000; i++)
    reference.push(
      `${((i * 7919) % 100_000) / 100},${['web', 'app', 'store'][i % 3]},${i % 97 === 0 ? '' : i % 365}`,
    );
  writeFileSync(join(dir, 'reference.csv'), `${reference.join('\n')}\n`);
  const predictions = ['id,timestamp,score,amount,channel,tenure,extra'];
  for (let i = 0; i < 5000; i++) {
    const t = new Date(AS_OF - ((i * 13) % 7) * DAY - 1000).toISOString();
    predictions.push(
      `p${i},${t},0.5,${((i * 31) % 1200) / 1.1},${['web', 'app', 'phone'][i % 3]},${i % 400},${i % 5}`,
    );
  }
  writeFileSync(join(dir, 'predictions.csv'), `${predictions.join('\n')}\n`);
  return dir;
}

// The bundled action, as the runner runs it: a reference of 8 MB or more is read in a worker thread while the
// predictions are read; the report must be the one a single thread gives.
describe('drift-report (bundled action) with a large local reference', () => {
  let dir = '';
  beforeAll(() => {
    dir = workspace();
  });
  const run = (threads: string, inputs: Record<string, string | number> = {}) =>
    runStep('drift-report', {
      workspace: dir,
      env: { MLOPS_WORKER_THREADS: threads },
      inputs: {
        predictions: 'predictions.csv',
        reference: 'reference.csv',
        features: 'amount,channel,tenure',
        ...inputs,
      },
    });

  it('reads it in a worker thread alongside the predictions, with the result one thread gives', async () => {
    expect(statSync(join(dir, 'reference.csv')).size).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    // A low exact limit sends the numeric features through sketches, which cross the thread as summaries.
    for (const inputs of [{}, { 'reference-exact-limit': 1000 }] as Record<string, number>[]) {
      const one = await run('1', inputs);
      const two = await run('2', inputs);
      expect([one.exitCode, two.exitCode, ...one.errors, ...two.errors]).toEqual([0, 0]);
      expect(one.log).not.toMatch(/in a worker thread/);
      expect(two.log).toMatch(
        /Reading the reference from reference\.csv in a worker thread, alongside the predictions/,
      );
      const [a, b] = [one, two].map((s) =>
        JSON.parse(readFileSync(resolve(dir, s.outputs['result-json']!), 'utf8')),
      );
      expect(b.features).toEqual(a.features);
      expect(b.warnings).toEqual(a.warnings);
      expect(b.features.channel.unseen_categories.values).toEqual(['phone']);
      expect(b.features.amount.method).toBe('reference-exact-limit' in inputs ? 'summary' : 'exact');
    }
  });

  it('fails with the same one clear error when the reference lacks a feature', async () => {
    const one = await run('1', { features: 'amount,extra' });
    const two = await run('2', { features: 'amount,extra' });
    expect(two.exitCode).toBe(1);
    expect(two.errors).toEqual(one.errors);
    expect(two.errors[0]).toMatch(/Column "extra" not found in \S*reference\.csv/);
    expect(two.errors[0]).not.toMatch(/worker task|\bat \S+:\d+:\d+/);
  });
});
