import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module (the fixture generator's DMS writer), without types
import { AS_OF, dmsHistory, replay, writeCsv, writeDmsCsv } from './fixtures/live-tables/dms.mjs';
import { FakeGitHub } from './harness/github-api.js';
import { repoRoot, runStep } from './harness/runner.js';

// Live tables through the bundled drift-report, as a workflow uses it: outcomes kept by a database and replicated by
// AWS DMS (full load + CDC files, out of order, with stale updates and deletes), and predictions in a Delta Lake
// table. Each run must report exactly what the same data as plain CSV files gives.
const fixtures = join(repoRoot, 'test/fixtures/live-tables');

/** Generated predictions/outcomes (examples/data/drift/generate.mjs) plus DMS output whose live rows are the outcomes. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'live-tables-ws-'));
  execFileSync(process.execPath, [join(repoRoot, 'examples/data/drift/generate.mjs'), dir]);
  const outcomes = readFileSync(join(dir, 'outcomes.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [id, label] = line.split(',');
      return [id, Number(label)];
    });
  const history = dmsHistory(outcomes, (label: number) => 1 - label);
  writeDmsCsv(join(dir, 'dms/ml/outcomes'), ['id', 'label'], history, 'updated_at');
  writeCsv(join(dir, 'outcomes-as-of.csv'), ['id', 'label'], replay(history, Date.parse(AS_OF)));
  cpSync(fixtures, join(dir, 'lake'), { recursive: true });
  return dir;
}

describe('drift-report (bundled action) on live tables', () => {
  const github = new FakeGitHub();
  let dir = '';
  beforeAll(async () => {
    await github.start();
    dir = workspace();
  });
  afterAll(async () => {
    await github.stop();
  });

  async function run(inputs: Record<string, string | number | boolean>) {
    const step = await runStep('drift-report', {
      event: 'schedule',
      apiUrl: github.url,
      workspace: dir,
      inputs,
    });
    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBe(0);
    const result = JSON.parse(readFileSync(resolve(dir, step.outputs['result-json']!), 'utf8'));
    return { step, performance: result.performance, features: result.features };
  }

  const base = { predictions: 'predictions.csv', reference: 'reference.csv', 'comment-on-pr': false };

  it('outcomes from raw DMS output (cdc-key, cdc-timestamp-column): the same report as the live outcomes file', async () => {
    const plain = await run({ ...base, outcomes: 'outcomes.csv' });
    const live = await run({
      ...base,
      outcomes: 'dms/ml/outcomes',
      'cdc-key': 'id',
      'cdc-timestamp-column': 'updated_at',
    });
    expect(plain.performance.join.matched).toBeGreaterThan(1000);
    expect(live.performance).toEqual(plain.performance);
    // Without cdc-key the change rows are read as they are: stale and deleted labels change the report.
    const raw = await run({ ...base, outcomes: 'dms/ml/outcomes' });
    expect(raw.performance).not.toEqual(plain.performance);
  });

  it('cdc-as-of: the outcomes as they were then', async () => {
    const then = await run({ ...base, outcomes: 'outcomes-as-of.csv' });
    const live = await run({
      ...base,
      outcomes: 'dms/ml/outcomes',
      'cdc-key': 'id',
      'cdc-timestamp-column': 'updated_at',
      'cdc-as-of': AS_OF,
    });
    expect(live.performance).toEqual(then.performance);
    const now = await run({ ...base, outcomes: 'outcomes.csv' });
    expect(live.performance).not.toEqual(now.performance);
  });

  it('predictions and reference from a Delta Lake table (latest, and @v1): the same report as the CSV of each version', async () => {
    const inputs = { features: 'region', 'categorical-features': 'region', 'comment-on-pr': false };
    const csv = await run({
      ...inputs,
      predictions: 'lake/delta-events.v4.csv',
      reference: 'lake/delta-events.v1.csv',
    });
    const delta = await run({
      ...inputs,
      predictions: 'lake/delta-events',
      reference: 'lake/delta-events@v1',
    });
    expect(delta.features).toEqual(csv.features);
    expect(Object.keys(delta.features)).toEqual(['region']);
  });

  it('names the input when cdc-as-of lacks the timestamp column', async () => {
    const step = await runStep('drift-report', {
      event: 'schedule',
      apiUrl: github.url,
      workspace: dir,
      inputs: { ...base, outcomes: 'dms/ml/outcomes', 'cdc-key': 'id', 'cdc-as-of': AS_OF },
    });
    expect(step.exitCode).not.toBe(0);
    expect(step.errors.join('\n')).toContain('Input "cdc-as-of" needs "cdc-timestamp-column"');
  });
});
