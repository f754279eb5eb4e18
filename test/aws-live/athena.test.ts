// evaluate-challenger and drift-report (the bundled actions) on athena:// tables in a real account, end to end: the
// example CSVs are uploaded under a test prefix, declared as Glue tables through Athena DDL in a database of their
// own, both actions run against them and must decide as they do on the same files; everything is dropped and deleted
// afterwards. The DuckDB stand-in (test/*-athena.test.ts) proves the SQL; this proves Athena runs it the same way.
//
//   MLOPS_LIVE_AWS=1 MLOPS_LIVE_ATHENA=1 AWS_REGION=eu-west-1 MLOPS_LIVE_S3=s3://my-bucket/mlops-live pnpm test:aws
//
// Optional: MLOPS_LIVE_ATHENA_WORKGROUP (default primary), MLOPS_LIVE_ATHENA_OUTPUT (an s3:// prefix for query results;
// default MLOPS_LIVE_S3/<run>/athena-results/; a run writes and deletes only its own <run>/ under it). Needs, besides
// the S3 rights of live.test.ts on those prefixes: athena:StartQueryExecution/GetQueryExecution/StopQueryExecution on
// the workgroup, glue:CreateDatabase/DeleteDatabase/CreateTable/DeleteTable/GetDatabase/GetTable/GetPartitions on
// the catalog and the database mlops_live_*. Cost: ~13 queries over < 1 MB, Athena's 10 MB minimum each: < $0.001.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { awsClients, runAthenaQuery } from '@mlops-actions/aws';
import type { DriftResult } from '@mlops-actions/core';
import { parseS3Uri } from '@mlops-actions/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runStep } from '../harness/runner.js';

const env = process.env;
const base = (env.MLOPS_LIVE_S3 ?? '').replace(/\/+$/, '');
const ready = env.MLOPS_LIVE_AWS === '1' && env.MLOPS_LIVE_ATHENA === '1' && base.startsWith('s3://');
if (!ready)
  console.info(
    'Athena end to end (test/aws-live/athena.test.ts) skipped: set MLOPS_LIVE_AWS=1, MLOPS_LIVE_ATHENA=1 and MLOPS_LIVE_S3=s3://bucket/prefix to run it.',
  );

const run = `${Date.now()}-${process.pid}`;
const prefix = `${base}/${run}`;
const output = `${(env.MLOPS_LIVE_ATHENA_OUTPUT ?? `${prefix}/athena-results`).replace(/\/+$/, '')}/${run}/`;
const workgroup = env.MLOPS_LIVE_ATHENA_WORKGROUP || 'primary';
const database = `mlops_live_${run.replace(/\D/g, '_')}`;
const evaluateData = join(repoRoot, 'examples/data/evaluate');
const driftData = mkdtempSync(join(tmpdir(), 'athena-live-drift-'));
const tables = new Map([
  ['champion', join(evaluateData, 'champion.csv')],
  ['challenger', join(evaluateData, 'challenger.csv')],
  ['predictions', join(driftData, 'predictions.csv')],
  ['outcomes', join(driftData, 'outcomes.csv')],
  ['reference', join(driftData, 'reference.csv')],
]);

// The runner's credentials and region for the action's process (the harness sets fake ones for the stand-ins).
const awsEnv = (): Record<string, string | undefined> => ({
  AWS_REGION: env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
  AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY,
  AWS_SESSION_TOKEN: env.AWS_SESSION_TOKEN,
  AWS_PROFILE: env.AWS_PROFILE,
  AWS_CONFIG_FILE: env.AWS_CONFIG_FILE ?? join(homedir(), '.aws/config'),
  AWS_SHARED_CREDENTIALS_FILE: env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws/credentials'),
  AWS_EC2_METADATA_DISABLED: undefined,
});

describe.skipIf(!ready)('Athena end to end (opt-in: MLOPS_LIVE_ATHENA=1)', () => {
  const s3 = ready ? awsClients.s3(env) : undefined!;
  const athena = ready ? awsClients.athena(env) : undefined!;
  const quiet = { info: () => {}, warning: () => {} };
  const sql = (statement: string) =>
    runAthenaQuery(
      { athena, s3 },
      { sql: statement, workgroup, outputLocation: output, run: { repository: 'mlops-live', runId: '' } },
      { timeoutMs: 300_000 },
      { logger: quiet, now: () => new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    );

  beforeAll(async () => {
    execFileSync(process.execPath, [
      join(repoRoot, 'examples/data/drift/generate.mjs'),
      driftData,
      '--drift',
    ]);
    const location = parseS3Uri(prefix)!;
    await sql(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
    for (const [name, file] of tables) {
      const body = readFileSync(file, 'utf8');
      const key = `${location.key}/tables/${name}/${name}.csv`;
      await s3.send(new PutObjectCommand({ Bucket: location.bucket, Key: key, Body: body }));
      // Every column as text, as a CSV table in Glue usually is (the stand-in reads the files the same way).
      const columns = body.slice(0, body.indexOf('\n')).trim().split(',');
      await sql(
        `CREATE EXTERNAL TABLE \`${database}\`.\`${name}\` (${columns.map((c) => `\`${c}\` string`).join(', ')}) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' LOCATION '${prefix}/tables/${name}/' TBLPROPERTIES ('skip.header.line.count'='1')`,
      );
    }
  }, 600_000);

  afterAll(async () => {
    if (!ready) return;
    await sql(`DROP DATABASE IF EXISTS \`${database}\` CASCADE`).catch((e: Error) =>
      console.warn(`Could not drop the Glue database ${database}: ${e.message}`),
    );
    for (const uri of [`${prefix}/`, output]) {
      const { bucket, key } = parseS3Uri(uri)!;
      let token: string | undefined;
      do {
        const listed = await s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: key, ContinuationToken: token }),
        );
        const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key! }));
        if (keys.length)
          await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
        token = listed.NextContinuationToken;
      } while (token);
    }
  }, 600_000);

  const athenaInputs = { 'athena-workgroup': workgroup, 'athena-output': output };
  const workspace = () => mkdtempSync(join(tmpdir(), 'athena-live-ws-'));

  it('evaluate-challenger decides as on the same files; a re-run of the run reuses the query', async () => {
    const common = { 'slice-columns': 'device', bootstrap: 0, 'comment-on-pr': false };
    const files = await runStep('evaluate-challenger', {
      workspace: workspace(),
      inputs: {
        ...common,
        champion: tables.get('champion')!,
        challenger: tables.get('challenger')!,
      },
    });
    const inputs = {
      ...common,
      ...athenaInputs,
      champion: `athena://${database}/champion`,
      challenger: `athena://${database}/challenger`,
    };
    const res = await runStep('evaluate-challenger', { env: awsEnv(), runId: run, inputs });
    expect(res.errors).toEqual([]);
    expect(res.outputs.decision).toBe(files.outputs.decision);
    for (const score of ['challenger-score', 'champion-score'])
      expect(Number(res.outputs[score])).toBeCloseTo(Number(files.outputs[score]), 9);
    expect(res.summary).toMatch(/Athena query \S+: \d+\.\d\d GB scanned/);
    // Athena itself returns the execution of a ClientRequestToken it has seen: nothing scanned twice.
    const again = await runStep('evaluate-challenger', { env: awsEnv(), runId: run, runAttempt: 2, inputs });
    expect(again.outputs['challenger-score']).toBe(res.outputs['challenger-score']);
    expect(again.summary).toContain('reused from an earlier attempt of this run, not paid again');
  }, 600_000);

  it('drift-report reports as on the same files: windows (1e-9), verdicts and retraining', async () => {
    const common = {
      features: 'age, tenure_days, basket_value, visits_30d, channel, country',
      'categorical-features': 'channel, country',
      'min-metric': 0.5,
      'comment-on-pr': false,
    };
    const files = await runStep('drift-report', {
      workspace: workspace(),
      inputs: {
        ...common,
        predictions: tables.get('predictions')!,
        outcomes: tables.get('outcomes')!,
        reference: tables.get('reference')!,
      },
    });
    const res = await runStep('drift-report', {
      env: awsEnv(),
      runId: run,
      workspace: workspace(),
      inputs: {
        ...common,
        ...athenaInputs,
        predictions: `athena://${database}/predictions`,
        outcomes: `athena://${database}/outcomes`,
        reference: `athena://${database}/reference`,
      },
    });
    expect(res.errors).toEqual([]);
    for (const name of ['retrain', 'drift-detected', 'drifted-features'])
      expect([name, res.outputs[name]]).toEqual([name, files.outputs[name]]);
    const read = (path: string | undefined) => JSON.parse(readFileSync(path!, 'utf8')) as DriftResult;
    const got = read(res.outputs['result-json']);
    const want = read(files.outputs['result-json']);
    expect(got.as_of).toBe(want.as_of);
    expect(got.performance.join).toEqual(want.performance.join);
    for (const [k, w] of got.performance.windows.entries()) {
      const v = want.performance.windows[k]!;
      expect([w.k, w.rows, w.labeled]).toEqual([v.k, v.rows, v.labeled]);
      if (v.value === null) expect(w.value).toBeNull();
      else expect(Math.abs(w.value! - v.value)).toBeLessThan(1e-9);
    }
    // Numeric features: the summary bound plus the ~0.003 per side of Athena's approx_percentile (docs/athena.md).
    for (const [name, f] of Object.entries(want.features)) {
      const g = got.features[name]!;
      const bound = f.type === 'categorical' ? 1e-9 : 0.008 + 1 / f.reference.count + 1 / f.current.count;
      expect([name, Math.abs(g.statistic - f.statistic) <= bound]).toEqual([name, true]);
    }
    expect(res.summary).toMatch(/Athena queries (`[^`]+`,? ?){4}: \d+\.\d\d GB scanned/);
  }, 600_000);
});
