// drift-report (bundled action) on athena:// tables, the way a scheduled workflow runs it: Athena is the DuckDB-backed
// stand-in evaluate-challenger's test uses, over the drift example's files, and results land in a local S3 server.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { DriftResult } from '@mlops-actions/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ATHENA_SHIMS, AthenaWorld } from './harness/athena-world.js';
import { FakeAwsJson } from './harness/aws-json.js';
import { repoRoot, runAction, runStep } from './harness/runner.js';
import { LocalS3 } from './harness/s3.js';

const data = mkdtempSync(join(tmpdir(), 'drift-athena-data-'));
const results = mkdtempSync(join(tmpdir(), 'drift-athena-results-'));

describe('drift-report (bundled action) on athena:// tables', () => {
  const aws = new FakeAwsJson();
  const s3 = new LocalS3();
  let world: AthenaWorld;
  let db: DuckDBConnection;
  const env = () => ({ ...aws.env(), ...s3.env(), AWS_ENDPOINT_URL_ATHENA: aws.url });

  beforeAll(async () => {
    execFileSync(process.execPath, [join(repoRoot, 'examples/data/drift/generate.mjs'), data, '--drift']);
    await aws.start();
    await s3.start(['athena-results']);
    db = await (await DuckDBInstance.create(':memory:')).connect();
    await db.run("SET TimeZone = 'UTC'");
    await db.run('CREATE SCHEMA ml');
    for (const name of ['predictions', 'outcomes', 'reference'])
      await db.run(
        `CREATE VIEW ml.${name} AS SELECT * FROM read_csv('${join(data, `${name}.csv`)}', header = true, all_varchar = true)`,
      );
    for (const shim of ATHENA_SHIMS) await db.run(shim);
  });
  afterAll(async () => {
    await aws.stop();
    await s3.stop();
  });
  beforeEach(() => {
    aws.calls.length = 0;
    world = new AthenaWorld(
      db,
      results,
      () =>
        new S3Client({
          region: 'eu-west-1',
          endpoint: s3.endpoint,
          forcePathStyle: true,
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        }),
    );
    for (const [op, handler] of Object.entries(world.handlers)) aws.on(op, handler);
  });

  const common = {
    features: 'age, tenure_days, basket_value, visits_30d, channel, country',
    'categorical-features': 'channel, country',
    'min-metric': 0.5,
    'comment-on-pr': false,
  };
  const athena = {
    ...common,
    predictions: 'athena://ml/predictions',
    outcomes: 'athena://ml/outcomes',
    reference: 'athena://ml/reference',
    'athena-output': 's3://athena-results/drift/',
  };
  const resultOf = (path: string | undefined) => JSON.parse(readFileSync(path!, 'utf8')) as DriftResult;
  /** The same report from the drift example's files and from its athena:// tables (`athenaOnly`: inputs only Athena gets). */
  const bothPaths = async (
    runId: string,
    extra: Record<string, string | number> = {},
    { predictions = join(data, 'predictions.csv'), athenaOnly = {} as Record<string, string> } = {},
  ) => {
    const files = await runStep('drift-report', {
      workspace: mkdtempSync(join(tmpdir(), 'drift-ws-')),
      inputs: {
        ...common,
        ...extra,
        predictions,
        outcomes: join(data, 'outcomes.csv'),
        reference: join(data, 'reference.csv'),
      },
    });
    const res = await runStep('drift-report', {
      env: env(),
      runId,
      workspace: mkdtempSync(join(tmpdir(), 'drift-ws-')),
      inputs: { ...athena, ...extra, ...athenaOnly },
    });
    return {
      files,
      res,
      got: resultOf(res.outputs['result-json']),
      want: resultOf(files.outputs['result-json']),
    };
  };

  it('reports as on the same files: the same windows (1e-9), verdicts and retraining, with the cost in the summary', async () => {
    const { files, res, got, want } = await bothPaths('9101');
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    for (const output of ['retrain', 'retrain-reason', 'drift-detected', 'drifted-features'])
      expect([output, res.outputs[output]]).toEqual([output, files.outputs[output]]);
    expect(JSON.parse(res.outputs['drifted-features']!).sort()).toEqual(['channel', 'tenure_days']);
    expect(got.as_of).toBe(want.as_of);
    expect(got.current).toEqual(want.current);
    expect(got.performance.join).toEqual(want.performance.join);
    for (const [k, w] of got.performance.windows.entries()) {
      const v = want.performance.windows[k]!;
      expect([w.k, w.rows, w.labeled, w.coverage, w.skipped ?? null]).toEqual([
        v.k,
        v.rows,
        v.labeled,
        v.coverage,
        v.skipped ?? null,
      ]);
      if (v.value === null) expect(w.value).toBeNull();
      else expect(Math.abs(w.value! - v.value)).toBeLessThan(1e-9);
    }
    for (const [name, f] of Object.entries(want.features)) {
      const g = got.features[name]!;
      expect([name, g.drift, g.test]).toEqual([name, f.drift, f.test]);
      if (f.type === 'categorical') expect(Math.abs(g.statistic - f.statistic)).toBeLessThan(1e-9);
      else
        expect(Math.abs(g.statistic - f.statistic)).toBeLessThanOrEqual(
          2 / 1000 + 1 / f.reference.count + 1 / f.current.count,
        );
    }
    expect(got.prediction?.method).toBe('summary');
    expect(Math.abs(got.prediction!.statistic - want.prediction!.statistic)).toBeLessThan(0.01);
    // Four queries (windows and outcomes, current, older windows, reference) of 0.05 GB each in the stand-in.
    expect(world.executions.size).toBe(4);
    expect(res.summary).toMatch(
      /Athena queries `q1`, `q2`, `q3`, `q4`: 0\.21 GB scanned, about \$0\.0011 at \$5\/TB/,
    );
    expect(aws.callsTo('StartQueryExecution')[0]!.input).toMatchObject({
      WorkGroup: 'primary',
      ResultConfiguration: { OutputLocation: 's3://athena-results/drift/' },
    });
  });

  it('daily windows: the unlabelled newest day gets the files path’s CBPE estimate; min-window-rows gives the same "insufficient data"', async () => {
    for (const [few, run] of [
      ['40', '9105'],
      ['55', '9106'],
    ] as const) {
      const daily = { window: '1d', 'max-windows': 14, 'min-window-rows': few };
      const { res, got, want } = await bothPaths(run, daily);
      expect(res.exitCode).toBe(0);
      const window = (w: DriftResult['performance']['windows'][number]) => [
        w.k,
        w.rows,
        w.skipped ?? null,
        w.estimated ?? null,
      ];
      expect(got.performance.windows.map(window)).toEqual(want.performance.windows.map(window));
      const newest = got.performance.windows[0]!;
      if (few === '40') expect(newest.estimated).toMatchObject({ method: 'cbpe', resamples: 200 });
      else expect(newest.skipped).toMatch(/^insufficient data: 52 predictions, fewer than 55/);
      const verdict = (f: DriftResult['features'][string]) => [f.drift, f.insufficient_data ?? null];
      for (const [name, f] of Object.entries(want.features))
        expect([name, ...verdict(got.features[name]!)]).toEqual([name, ...verdict(f)]);
      // 52 predictions in the current day: every feature is "insufficient data" under 55, none under 40.
      expect(Object.values(got.features).filter((f) => f.insufficient_data)).toHaveLength(
        few === '55' ? 6 : 0,
      );
      expect(res.summary).toContain(few === '40' ? 'estimated' : 'insufficient data');
    }
  });

  it('lookback keeps the hours of the period as the files path reads their partitions, and warns that it prunes none', async () => {
    // The files path reads the yyyy/mm/dd/hh partitions of the period: the same predictions, as one file.
    const [header, ...lines] = readFileSync(join(data, 'predictions.csv'), 'utf8').trim().split('\n');
    const time = (line: string) => Date.parse(line.split(',')[1]!);
    const asOf = Math.max(...lines.map(time));
    const hour = 3_600_000;
    const [from, to] = [
      Math.floor((asOf - 20 * 86_400_000) / hour) * hour,
      (Math.floor(asOf / hour) + 1) * hour,
    ];
    const period = join(data, 'predictions-period.csv');
    writeFileSync(
      period,
      `${[header, ...lines.filter((l) => time(l) >= from && time(l) < to)].join('\n')}\n`,
    );
    const inputs = { 'as-of': new Date(asOf).toISOString(), window: '7d', 'max-windows': 4 };
    const { res, got, want } = await bothPaths('9107', inputs, {
      predictions: period,
      athenaOnly: { lookback: '20d' },
    });
    expect(res.exitCode).toBe(0);
    const window = (w: DriftResult['performance']['windows'][number]) => [
      w.k,
      w.rows,
      w.labeled,
      w.skipped ?? null,
    ];
    expect(got.performance.windows.map(window)).toEqual(want.performance.windows.map(window));
    // Window 2 holds only the 6 days of the period, window 3 nothing.
    expect(got.performance.windows.map((w) => w.rows > 0)).toEqual([true, true, true, false]);
    expect(got.performance.windows[2]!.rows).toBeLessThan(got.performance.windows[1]!.rows);
    for (const [k, w] of got.performance.windows.entries())
      if (w.value !== null)
        expect(Math.abs(w.value - want.performance.windows[k]!.value!)).toBeLessThan(1e-9);
    expect(got.performance.join).toEqual(want.performance.join);
    expect(got.current.rows).toBe(want.current.rows);
    expect(Math.abs(got.prediction!.statistic - want.prediction!.statistic)).toBeLessThan(0.01);
    expect(got.prediction!.reference.count).toBe(want.prediction!.reference.count);
    const sql = aws.callsTo('StartQueryExecution').map((c) => String(c.input.QueryString));
    expect(sql[0]).toContain(`(ts >= ${from} AND ts < ${to})`);
    expect(got.warnings.join('\n')).toMatch(/lookback on athena:\/\/ .* prunes no partition/);
  });

  it('a re-run of the same workflow run reuses every query: no second scan', async () => {
    const first = await runStep('drift-report', { env: env(), runId: '9102', inputs: athena });
    const again = await runStep('drift-report', { env: env(), runId: '9102', runAttempt: 2, inputs: athena });
    expect(again.exitCode).toBe(0);
    expect(again.outputs['drifted-features']).toBe(first.outputs['drifted-features']);
    expect(world.executions.size).toBe(4);
  });

  it('athena-where reaches every query before anything else (partitions)', async () => {
    const res = await runStep('drift-report', {
      env: env(),
      runId: '9103',
      inputs: { ...athena, 'athena-where': "id >= 'ev-000000'" },
    });
    expect(res.exitCode).toBe(0);
    const sql = aws.callsTo('StartQueryExecution').map((c) => String(c.input.QueryString));
    expect(sql.filter((q) => q.includes(`"ml"."predictions" WHERE (id >= 'ev-000000')`))).toHaveLength(3);
    expect(sql.filter((q) => q.includes(`"ml"."outcomes" WHERE (id >= 'ev-000000')`))).toHaveLength(1);
  });

  it('cancelled while a query runs: the post step sends StopQueryExecution', async () => {
    world.nextState = 'RUNNING';
    const { main, post } = await runAction('drift-report', {
      env: env(),
      runId: '9104',
      cancelWhen: /Athena query q1: RUNNING/,
      inputs: athena,
    });
    expect(main.exitCode).not.toBe(0);
    expect(main.state['athena-query']).toBe('q1');
    expect(post!.exitCode).toBe(0);
    expect(aws.callsTo('StopQueryExecution').map((c) => c.input)).toEqual([{ QueryExecutionId: 'q1' }]);
  });
});
