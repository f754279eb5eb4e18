// evaluate-challenger (bundled action) with athena:// sources, the way a workflow runs it: Athena is a JSON-protocol
// stand-in whose engine is DuckDB over the example files (the generated Athena SQL runs there, with Athena's few
// functions defined as macros), and results land in a local S3 server the action reads them from.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ATHENA_SHIMS, AthenaWorld } from './harness/athena-world.js';
import { FakeAwsJson } from './harness/aws-json.js';
import { repoRoot, runAction, runStep } from './harness/runner.js';
import { LocalS3 } from './harness/s3.js';

const fixtures = join(repoRoot, 'examples/data/evaluate');
const dir = mkdtempSync(join(tmpdir(), 'athena-world-'));

describe('evaluate-challenger (bundled action) on athena:// tables', () => {
  const aws = new FakeAwsJson();
  const s3 = new LocalS3();
  let world: AthenaWorld;
  let db: DuckDBConnection;
  const env = () => ({ ...aws.env(), ...s3.env(), AWS_ENDPOINT_URL_ATHENA: aws.url });

  beforeAll(async () => {
    await aws.start();
    await s3.start(['athena-results']);
    db = await (await DuckDBInstance.create(':memory:')).connect();
    await db.run("SET TimeZone = 'UTC'");
    await db.run('CREATE SCHEMA ml');
    for (const name of ['champion', 'challenger'])
      await db.run(
        `CREATE VIEW ml.${name} AS SELECT * FROM read_csv('${join(fixtures, `${name}.csv`)}', header = true, all_varchar = true)`,
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
      dir,
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

  const common = { 'slice-columns': 'device', bootstrap: 0, 'comment-on-pr': false };
  const athena = {
    ...common,
    champion: 'athena://ml/champion',
    challenger: 'athena://ml/challenger',
    'athena-output': 's3://athena-results/mlops/',
  };

  it('decides as on the same files, with the bytes scanned and the cost in the summary', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'evaluate-ws-'));
    const files = await runStep('evaluate-challenger', {
      workspace,
      inputs: {
        ...common,
        champion: join(fixtures, 'champion.csv'),
        challenger: join(fixtures, 'challenger.csv'),
      },
    });
    const res = await runStep('evaluate-challenger', { env: env(), runId: '9001', inputs: athena });
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    expect(res.outputs.decision).toBe(files.outputs.decision);
    expect(Number(res.outputs['challenger-score'])).toBeCloseTo(Number(files.outputs['challenger-score']), 9);
    expect(Number(res.outputs['champion-score'])).toBeCloseTo(Number(files.outputs['champion-score']), 9);
    expect(res.summary).toContain('0.05 GB scanned, about $0.0003 at $5/TB');
    expect(res.log).toMatch(/\[0s\] Athena query q1: SUCCEEDED, 0\.05 GB scanned/);
    expect(aws.callsTo('StartQueryExecution')[0]!.input).toMatchObject({
      WorkGroup: 'primary',
      ResultConfiguration: { OutputLocation: 's3://athena-results/mlops/' },
    });
  });

  it('a re-run of the same workflow run reuses the query: one execution, no second scan', async () => {
    const first = await runStep('evaluate-challenger', { env: env(), runId: '9002', inputs: athena });
    const again = await runStep('evaluate-challenger', {
      env: env(),
      runId: '9002',
      runAttempt: 2,
      inputs: athena,
    });
    expect(again.exitCode).toBe(0);
    expect(again.outputs['challenger-score']).toBe(first.outputs['challenger-score']);
    expect(world.executions.size).toBe(1);
    const tokens = aws.callsTo('StartQueryExecution').map((c) => c.input.ClientRequestToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toBe(tokens[0]);
  });

  it('cancelled while the query runs: the post step sends StopQueryExecution', async () => {
    world.nextState = 'RUNNING';
    const { main, post } = await runAction('evaluate-challenger', {
      env: env(),
      runId: '9003',
      cancelWhen: /Athena query q1: RUNNING/,
      inputs: athena,
    });
    expect(main.exitCode).not.toBe(0);
    expect(main.state['athena-query']).toBe('q1');
    expect(post!.exitCode).toBe(0);
    expect(aws.callsTo('StopQueryExecution').map((c) => c.input)).toEqual([{ QueryExecutionId: 'q1' }]);
  });
});
