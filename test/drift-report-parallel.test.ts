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
      // Each run's result read before the next run writes the same file.
      const one = await run('1', inputs);
      const a = JSON.parse(readFileSync(resolve(dir, one.outputs['result-json']!), 'utf8'));
      const two = await run('2', inputs);
      const b = JSON.parse(readFileSync(resolve(dir, two.outputs['result-json']!), 'utf8'));
      expect([one.exitCode, two.exitCode, ...one.errors, ...two.errors]).toEqual([0, 0]);
      expect(one.log).not.toMatch(/in a worker thread/);
      expect(two.log).toMatch(
        /Reading the reference from reference\.csv in a worker thread, alongside the predictions/,
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

/** A reference of ~3 MB with a quoted note column (some notes over several lines), and a week of predictions. */
function quotedWorkspace(badLine?: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'drift-ranges-'));
  const reference = ['amount,channel,tenure,note'];
  for (let i = 0; i < 80_000; i++) {
    const note = i % 501 === 0 ? `"first\n${'more, text\n'.repeat(i % 7)}last"` : i % 3 ? `n${i % 17}` : '';
    reference.push(
      i === badLine
        ? '1,web'
        : `${((i * 7919) % 100_000) / 100},${['web', 'app', 'store'][i % 3]},${i % 89 === 0 ? '' : i % 365},${note}`,
    );
  }
  writeFileSync(join(dir, 'reference.csv'), `${reference.join('\n')}\n`);
  const predictions = ['id,timestamp,score,amount,channel,tenure,note'];
  for (let i = 0; i < 3000; i++) {
    const t = new Date(AS_OF - ((i * 13) % 7) * DAY - 1000).toISOString();
    predictions.push(
      `p${i},${t},0.5,${((i * 31) % 1200) / 1.1},${['web', 'app', 'phone'][i % 3]},${i % 400},n${i % 19}`,
    );
  }
  writeFileSync(join(dir, 'predictions.csv'), `${predictions.join('\n')}\n`);
  return dir;
}

// The bundled action with the reference cut into byte ranges of 256 KiB (MLOPS_REFERENCE_RANGE_BYTES), against the
// same action reading it in one stream (ranges larger than the file).
describe('drift-report (bundled action) with a reference read in byte ranges', () => {
  const run = (dir: string, rangeBytes: string, inputs: Record<string, string | number> = {}) =>
    runStep('drift-report', {
      workspace: dir,
      env: { MLOPS_WORKER_THREADS: '2', MLOPS_REFERENCE_RANGE_BYTES: rangeBytes },
      inputs: {
        predictions: 'predictions.csv',
        reference: 'reference.csv',
        features: 'amount,channel,tenure,note',
        'categorical-features': 'channel,note',
        ...inputs,
      },
    });
  const result = (dir: string, s: { outputs: Record<string, string | undefined> }) =>
    JSON.parse(readFileSync(resolve(dir, s.outputs['result-json']!), 'utf8'));

  it('reports what one stream reports: exactly while the values fit, within the sketch bound past the limit', async () => {
    const dir = quotedWorkspace();
    for (const inputs of [{}, { 'reference-exact-limit': 4000 }] as Record<string, number>[]) {
      // Each run's result read before the next run writes the same file.
      const one = await run(dir, String(1e12), inputs);
      const a = result(dir, one);
      const ranged = await run(dir, String(256 * 1024), inputs);
      const b = result(dir, ranged);
      expect([one.exitCode, ranged.exitCode, ...one.errors, ...ranged.errors]).toEqual([0, 0]);
      expect(ranged.log).toMatch(/Reading the reference from reference\.csv/);
      if (!('reference-exact-limit' in inputs)) {
        expect(b.features).toEqual(a.features);
        continue;
      }
      // Past the limit: categories and counts exact, the numeric tests against sketches that agree within twice
      // the sketch's rank bound (each within levels/k of the truth: 80,000 values, k = 16,384, 4 levels).
      for (const name of ['channel', 'note']) expect(b.features[name]).toEqual(a.features[name]);
      for (const name of ['amount', 'tenure']) {
        expect(b.features[name].method).toBe('summary');
        expect(b.features[name].reference).toEqual(a.features[name].reference);
        expect(Math.abs(b.features[name].statistic - a.features[name].statistic)).toBeLessThanOrEqual(
          (2 * 4) / 16384,
        );
      }
    }
  });

  it('names the line of a bad record in a later range, as one stream does', async () => {
    const dir = quotedWorkspace(60_000);
    const one = await run(dir, String(1e12));
    const ranged = await run(dir, String(256 * 1024));
    expect(ranged.exitCode).toBe(1);
    expect(ranged.errors).toEqual(one.errors);
    expect(ranged.errors[0]).toMatch(
      /reference\.csv, line 60\d\d\d: expected 4 fields like the header, found 2/,
    );
  });
});
