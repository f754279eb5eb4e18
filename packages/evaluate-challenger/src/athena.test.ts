// athena:// sources give the same evaluation as the same files read locally: the generated SQL runs for real on
// DuckDB over the example fixtures (exposed as tables of text columns, as a CSV table in Glue would be), and the
// action's Athena path runs end to end against an Athena stand-in whose engine is that DuckDB.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { athenaDialect, duckdbDialect, type EvaluationResult } from '@mlops-actions/core';
import { stopAthenaStep } from '@mlops-actions/github';
import { rejectionMessage, testDeps, testInputs } from '@mlops-actions/github/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { ATHENA_SHIMS } from '../../../test/harness/athena-world.js';
import { evaluationFromRows, evaluationSql } from './athena.js';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { evaluateChallenger } from './run.js';

const fixtures = resolve(import.meta.dirname, '../../../examples/data/evaluate');
const dir = mkdtempSync(join(tmpdir(), 'evaluate-athena-'));
const inputs = (values: Record<string, string>) => testInputs({ definition, parseInputs }, values);
const db = await (await DuckDBInstance.create(':memory:')).connect();

beforeAll(async () => {
  await db.run("SET TimeZone = 'UTC'");
  await db.run('CREATE SCHEMA ml');
  for (const name of ['champion', 'challenger'])
    await db.run(
      `CREATE VIEW ml.${name} AS SELECT * FROM read_csv('${join(fixtures, `${name}.csv`)}', header = true, all_varchar = true)`,
    );
  for (const shim of ATHENA_SHIMS) await db.run(shim);
});

/** The query's result as Athena writes it: CSV text, every value quoted, NULL empty. */
async function resultCsv(sql: string): Promise<string> {
  const out = join(dir, `result-${Math.random()}.csv`);
  await db.run(`COPY (${sql}) TO '${out}' (FORMAT CSV, HEADER, FORCE_QUOTE *)`);
  return readFileSync(out, 'utf8');
}

async function rows(sql: string): Promise<(string | null)[][]> {
  const reader = await db.runAndReadAll(sql);
  return [
    reader.columnNames(),
    ...reader.getRows().map((r) => r.map((v) => (v === null ? null : String(v)))),
  ];
}

const base = {
  'id-column': 'id',
  'slice-columns': 'device',
  window: '7d',
  'max-windows': '4',
  'result-path': join(dir, 'result.json'),
  'report-dir': join(dir, 'report'),
  'comment-on-pr': 'false',
};

async function local(values: Record<string, string>) {
  const res = await evaluateChallenger(
    inputs({ ...base, ...values, 'result-path': join(dir, `r-${Math.random()}.json`) }),
    testDeps(),
  );
  return res.result as EvaluationResult;
}

const files = {
  champion: join(fixtures, 'champion.csv'),
  challenger: join(fixtures, 'challenger.csv'),
};
const tables = { champion: 'athena://ml/champion', challenger: 'athena://ml/challenger' };

/** Every number of the two evaluations agrees to 1e-9 and every decision and text is the same. */
function expectSameEvaluation(sql: ReturnType<typeof evaluationFromRows>, rowsResult: EvaluationResult) {
  const { outcome } = sql;
  const near = (a: number | null | undefined, b: number | null | undefined) => {
    if (a === null || a === undefined) expect(b ?? null).toBeNull();
    else expect(Math.abs(a - b!)).toBeLessThan(1e-9);
  };
  expect(outcome.decision).toBe(rowsResult.decision);
  expect(outcome.rows_evaluated).toBe(rowsResult.rows_evaluated);
  for (const model of ['challenger', 'champion'] as const) {
    near(outcome[model]?.score, rowsResult[model]?.score);
    expect(outcome[model]?.windows.map((w) => [w.k, w.rows, w.start, w.end, w.skipped])).toEqual(
      rowsResult[model]?.windows.map((w) => [w.k, w.rows, w.start, w.end, w.skipped]),
    );
    for (const [k, w] of (outcome[model]?.windows ?? []).entries())
      near(w.value, rowsResult[model]!.windows[k]!.value);
  }
  expect(outcome.slices.map((s) => [s.column, s.value, s.rows, s.guarded, s.holds])).toEqual(
    rowsResult.slices.map((s) => [s.column, s.value, s.rows, s.guarded, s.holds]),
  );
  for (const [i, s] of outcome.slices.entries()) {
    near(s.challenger, rowsResult.slices[i]!.challenger);
    near(s.champion, rowsResult.slices[i]!.champion);
  }
  expect(sql.stats).toEqual(rowsResult.data);
}

describe('the evaluation SQL on DuckDB matches the local engine on the same files', () => {
  for (const metric of ['average-precision', 'roc-auc', 'log-loss', 'brier', 'f1', 'rmse', 'r2']) {
    it(`${metric}: two tables joined on id, windows from the latest timestamp, slices by device`, async () => {
      const values = {
        metric,
        bootstrap: '0',
        'guard-slices': 'device=mobile',
        'max-slice-regression': '0.05',
      };
      const expected = await local({ ...values, ...files });
      const parsed = inputs({ ...base, ...values, ...tables });
      for (const dialectSql of [evaluationSql(parsed, duckdbDialect), evaluationSql(parsed, athenaDialect)]) {
        expectSameEvaluation(evaluationFromRows(parsed, await rows(dialectSql)), expected);
      }
    });
  }

  it('one table with both score columns, a given as-of and no champion', async () => {
    await db.run(
      'CREATE OR REPLACE VIEW ml.both AS SELECT c.*, p.score AS champion_score FROM ml.challenger c JOIN ml.champion p USING (id)',
    );
    const both = join(dir, 'both.csv');
    await db.run(`COPY ml.both TO '${both}' (FORMAT CSV, HEADER)`);
    const values = { bootstrap: '0', 'as-of': '2026-11-01T00:00:00Z', 'challenger-score-column': 'score' };
    for (const champion of [{ 'champion-score-column': 'champion_score' }, {}] as Record<string, string>[]) {
      const withChampion = 'champion-score-column' in champion;
      const expected = await local({
        ...values,
        ...champion,
        challenger: both,
        ...(withChampion ? { champion: both } : {}),
      });
      const parsed = inputs({
        ...base,
        ...values,
        ...champion,
        challenger: 'athena://ml/both',
        ...(withChampion ? { champion: 'athena://ml/both' } : {}),
      });
      expectSameEvaluation(
        evaluationFromRows(parsed, await rows(evaluationSql(parsed, duckdbDialect))),
        expected,
      );
    }
  });
});

describe('evaluate-challenger with athena:// sources (the action’s path, Athena stood in by DuckDB)', () => {
  const athenaMock = mockClient(AthenaClient);
  const s3Mock = mockClient(S3Client);
  const results = new Map<string, string>();
  const queries: string[] = [];

  beforeAll(() => {
    athenaMock.on(StartQueryExecutionCommand).callsFake(async (input) => {
      const id = `q-${queries.length + 1}`;
      queries.push(input.QueryString);
      results.set(id, await resultCsv(input.QueryString));
      return { QueryExecutionId: id };
    });
    athenaMock.on(GetQueryExecutionCommand).callsFake((input) => ({
      QueryExecution: {
        QueryExecutionId: input.QueryExecutionId,
        Status: { State: 'SUCCEEDED', SubmissionDateTime: new Date('2026-11-24T12:00:00Z') },
        Statistics: { DataScannedInBytes: 123_456_789 },
        ResultConfiguration: { OutputLocation: `s3://athena-results/q/${input.QueryExecutionId}.csv` },
      },
    }));
    s3Mock.on(GetObjectCommand).callsFake((input) => ({
      Body: { transformToString: async () => results.get(input.Key.replace(/^q\/|\.csv$/g, ''))! },
    }));
  });

  const aws = () => ({
    ...testDeps().aws,
    athena: () => new AthenaClient({ region: 'eu-west-1' }),
    s3: () => new S3Client({ region: 'eu-west-1' }),
  });

  it('decides as on the files, says what it scanned and cost, and leaves nothing for the post step', async () => {
    const values = { bootstrap: '0', 'athena-output': 's3://athena-results/q/' };
    const expected = await local({ ...values, ...files });
    const deps = testDeps({ aws: aws() });
    const res = await evaluateChallenger(inputs({ ...base, ...values, ...tables }), deps);
    const result = res.result as EvaluationResult;
    expect(result.decision).toBe(expected.decision);
    expect(Math.abs(result.challenger.score! - expected.challenger.score!)).toBeLessThan(1e-9);
    expect(Math.abs(result.champion!.score! - expected.champion!.score!)).toBeLessThan(1e-9);
    expect(result.as_of).toBe(expected.as_of);
    expect(result.inputs.challenger).toBe('athena://ml/challenger');
    expect(res.summary).toContain('0.12 GB scanned, about $0.0006 at $5/TB');
    expect(queries.at(-1)).toContain('FROM "ml"."challenger"');
    expect(athenaMock.commandCalls(StartQueryExecutionCommand).at(-1)!.args[0].input).toMatchObject({
      WorkGroup: 'primary',
      ResultConfiguration: { OutputLocation: 's3://athena-results/q/' },
    });
    expect(deps.state.get('athena-query')).toBe('');
    await stopAthenaStep(deps);
    expect(athenaMock.commandCalls(StopQueryExecutionCommand)).toHaveLength(0);
  });

  it('applies athena-where to both tables before joining (partitions)', async () => {
    const values = { bootstrap: '0', 'athena-where': "device <> 'tablet'" };
    const deps = testDeps({ aws: aws() });
    const res = await evaluateChallenger(inputs({ ...base, ...values, ...tables }), deps);
    const result = res.result as EvaluationResult;
    expect(result.slices.map((s) => s.value).sort()).toEqual(['desktop', 'mobile']);
    expect(queries.at(-1)).toContain(`WHERE (device <> 'tablet')`);
  });

  it('refuses what summaries cannot give, in one line naming the input', async () => {
    const deps = testDeps({ aws: aws() });
    expect(await rejectionMessage(evaluateChallenger(inputs({ ...base, ...tables }), deps))).toMatch(
      /^bootstrap: 1000 needs both models' scores row by row/,
    );
    expect(
      await rejectionMessage(
        evaluateChallenger(
          inputs({ ...base, ...tables, metric: 'map@5', 'group-column': 'customer_id' }),
          deps,
        ),
      ),
    ).toMatch(/^Metric map@5 is not supported with athena:\/\/ sources yet/);
    expect(
      await rejectionMessage(
        evaluateChallenger(
          inputs({ ...base, bootstrap: '0', challenger: 'athena://ml', champion: '' }),
          deps,
        ),
      ),
    ).toMatch(/^challenger: "athena:\/\/ml" is not an Athena table/);
  });

  it('the post step stops the query a cancelled main step left running', async () => {
    const deps = testDeps({ aws: aws() });
    deps.state.save('athena-query', 'q-running');
    athenaMock.on(GetQueryExecutionCommand, { QueryExecutionId: 'q-running' }).resolves({
      QueryExecution: { QueryExecutionId: 'q-running', Status: { State: 'RUNNING' } },
    });
    await stopAthenaStep(deps);
    expect(athenaMock.commandCalls(StopQueryExecutionCommand)[0]!.args[0].input).toEqual({
      QueryExecutionId: 'q-running',
    });
  });
});
