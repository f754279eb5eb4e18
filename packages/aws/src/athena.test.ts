import {
  AthenaClient,
  GetQueryExecutionCommand,
  type QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type AthenaQuery, runAthenaQuery, stopAthenaQueryIfRunning } from './athena.js';
import { parseAthenaCsv } from './athena-csv.js';

const athenaMock = mockClient(AthenaClient);
const s3Mock = mockClient(S3Client);
const clients = {
  athena: new AthenaClient({ region: 'eu-west-1' }),
  s3: new S3Client({ region: 'eu-west-1' }),
};

/**
 * Athena as the API behaves: a token it has seen returns the same execution; each GetQueryExecution moves the query
 * one state along its script; results land in the output location as CSV.
 */
function athenaWorld(scripts: QueryExecutionState[][], scanned = 2_000_000_000) {
  const byToken = new Map<string, string>();
  const executions = new Map<string, { states: QueryExecutionState[]; at: number; submitted: Date }>();
  let clock = Date.parse('2026-11-24T12:00:00Z');
  const world = {
    starts: 0,
    sleeps: [] as number[],
    deps: {
      logger: {
        lines: [] as string[],
        info: (m: string) => world.deps.logger.lines.push(m),
        warning: () => {},
      },
      now: () => new Date(clock),
      sleep: async (ms: number) => {
        world.sleeps.push(ms);
        clock += ms;
      },
    },
    /** Move the clock (a re-run happens later). */
    later: (ms: number) => {
      clock += ms;
    },
  };
  athenaMock.on(StartQueryExecutionCommand).callsFake((input) => {
    const known = byToken.get(input.ClientRequestToken);
    if (known) return { QueryExecutionId: known };
    const id = `q-${executions.size + 1}`;
    world.starts++;
    byToken.set(input.ClientRequestToken, id);
    executions.set(id, {
      states: scripts[executions.size] ?? ['SUCCEEDED'],
      at: 0,
      submitted: new Date(clock),
    });
    return { QueryExecutionId: id };
  });
  athenaMock.on(GetQueryExecutionCommand).callsFake((input) => {
    const e = executions.get(input.QueryExecutionId)!;
    const state = e.states[Math.min(e.at, e.states.length - 1)]!;
    e.at++;
    return {
      QueryExecution: {
        QueryExecutionId: input.QueryExecutionId,
        Status: {
          State: state,
          SubmissionDateTime: e.submitted,
          ...(state === 'FAILED'
            ? { StateChangeReason: 'COLUMN_NOT_FOUND: line 1:8: Column "scroe" cannot be resolved' }
            : {}),
        },
        Statistics: { DataScannedInBytes: scanned },
        ResultConfiguration: { OutputLocation: `s3://results/athena/${input.QueryExecutionId}.csv` },
      },
    };
  });
  athenaMock.on(StopQueryExecutionCommand).callsFake((input) => {
    const e = executions.get(input.QueryExecutionId)!;
    e.states = ['CANCELLED'];
    e.at = 0;
    return {};
  });
  s3Mock.on(GetObjectCommand).callsFake((input) => ({
    Body: { transformToString: async () => `"k","n"\n"${input.Key}","3"\n` },
  }));
  return world;
}

const query: AthenaQuery = {
  sql: 'SELECT 1',
  workgroup: 'primary',
  outputLocation: 's3://results/athena/',
  run: { repository: 'o/r', runId: '42' },
};
const options = { timeoutMs: 3_600_000 };

beforeEach(() => {
  athenaMock.reset();
  s3Mock.reset();
});

describe('runAthenaQuery', () => {
  it('backs off to 20 s polls but writes a line at least every 10 s while the query runs', async () => {
    const world = athenaWorld([['QUEUED', ...Array<QueryExecutionState>(8).fill('RUNNING'), 'SUCCEEDED']]);
    const start = world.deps.now().getTime();
    const times: number[] = [];
    const info = world.deps.logger.info;
    world.deps.logger.info = (m: string) => {
      times.push(world.deps.now().getTime() - start);
      return info(m);
    };
    await runAthenaQuery(clients, query, options, world.deps);
    expect(world.deps.logger.lines).toContain(
      'Waiting for Athena query q-1 (RUNNING, 2.00 GB scanned), 25s elapsed',
    );
    expect(times.at(-1)).toBe(111_000); // 1 + 2 + 4 + 8 + 16 + 20 + 20 + 20 + 20 s of polls
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeLessThanOrEqual(10_000);
  });

  it('starts once, polls with backoff and a progress line per poll, and reads the result file from S3', async () => {
    const world = athenaWorld([['QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED']]);
    let started = '';
    const result = await runAthenaQuery(
      clients,
      query,
      { ...options, onStarted: (id) => (started = id) },
      world.deps,
    );
    expect(started).toBe('q-1');
    expect(result).toEqual({
      executionId: 'q-1',
      rows: [
        ['k', 'n'],
        ['athena/q-1.csv', '3'],
      ],
      bytesScanned: 2_000_000_000,
      reused: false,
    });
    expect(world.sleeps).toEqual([1000, 2000, 4000]);
    expect(world.deps.logger.lines.filter((l) => l.includes('Athena query q-1:'))).toEqual([
      '[0s] Athena query q-1: QUEUED, 2.00 GB scanned',
      '[1s] Athena query q-1: RUNNING, 2.00 GB scanned',
      '[3s] Athena query q-1: RUNNING, 2.00 GB scanned',
      '[7s] Athena query q-1: SUCCEEDED, 2.00 GB scanned',
    ]);
    const start = athenaMock.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(start).toMatchObject({
      QueryString: 'SELECT 1',
      WorkGroup: 'primary',
      ResultConfiguration: { OutputLocation: 's3://results/athena/' },
    });
    expect(start.ClientRequestToken).toMatch(/^[0-9a-f]{64}$/);
    expect(s3Mock.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'results',
      Key: 'athena/q-1.csv',
    });
  });

  it('a re-run of the same workflow run gets the same query back and reads its result without starting another', async () => {
    const world = athenaWorld([['RUNNING', 'SUCCEEDED']]);
    await runAthenaQuery(clients, query, options, world.deps);
    world.later(3_600_000);
    const again = await runAthenaQuery(clients, query, options, world.deps);
    expect(again).toMatchObject({ executionId: 'q-1', reused: true });
    expect(world.starts).toBe(1);
    const tokens = athenaMock
      .commandCalls(StartQueryExecutionCommand)
      .map((c) => c.args[0].input.ClientRequestToken);
    expect(tokens[1]).toBe(tokens[0]);
    // Another run (or other SQL) is another query.
    await runAthenaQuery(clients, { ...query, run: { repository: 'o/r', runId: '43' } }, options, world.deps);
    expect(world.starts).toBe(2);
  });

  it('a failed query is one line with Athena’s state-change reason; a re-run starts it again with the next token', async () => {
    const world = athenaWorld([['RUNNING', 'FAILED'], ['SUCCEEDED']]);
    await expect(runAthenaQuery(clients, query, options, world.deps)).rejects.toThrow(
      'Athena query q-1 ended FAILED (COLUMN_NOT_FOUND: line 1:8: Column "scroe" cannot be resolved).',
    );
    const rerun = await runAthenaQuery(clients, query, options, world.deps);
    expect(rerun.executionId).toBe('q-2');
    expect(world.deps.logger.lines).toContain(
      'Athena query q-1 from an earlier attempt ended FAILED (COLUMN_NOT_FOUND: line 1:8: Column "scroe" cannot be resolved): starting it again.',
    );
  });

  it('stops a query that scans more than max-scan-gb and says by how much', async () => {
    const world = athenaWorld([['RUNNING', 'RUNNING', 'SUCCEEDED']], 12e9);
    await expect(
      runAthenaQuery(clients, query, { ...options, maxScanBytes: 10e9 }, world.deps),
    ).rejects.toThrow('Athena query q-1 stopped: it scanned 12.00 GB, more than max-scan-gb (10.00 GB).');
    expect(athenaMock.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });

  it('gives up loudly at the timeout, leaving the query for the post step', async () => {
    const world = athenaWorld([['RUNNING']]);
    await expect(runAthenaQuery(clients, query, { timeoutMs: 60_000 }, world.deps)).rejects.toThrow(
      /Athena query q-1 is still RUNNING after 1m\d\ds/,
    );
    expect(athenaMock.commandCalls(StopQueryExecutionCommand)).toHaveLength(0);
  });
});

describe('stopAthenaQueryIfRunning (the post step on cancel)', () => {
  it('stops a running query and leaves a finished one alone', async () => {
    const world = athenaWorld([['RUNNING'], ['SUCCEEDED']]);
    await expect(runAthenaQuery(clients, query, { timeoutMs: 0 }, world.deps)).rejects.toThrow(
      /still RUNNING/,
    );
    expect(await stopAthenaQueryIfRunning(clients.athena, 'q-1', world.deps.logger)).toBe(true);
    expect(athenaMock.commandCalls(StopQueryExecutionCommand)[0]!.args[0].input).toEqual({
      QueryExecutionId: 'q-1',
    });
    await runAthenaQuery(clients, { ...query, sql: 'SELECT 2' }, options, world.deps);
    expect(await stopAthenaQueryIfRunning(clients.athena, 'q-2', world.deps.logger)).toBe(false);
    expect(athenaMock.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });
});

describe('parseAthenaCsv', () => {
  it('tells NULL (empty, unquoted) from the empty string, and keeps quotes, commas and newlines inside values', () => {
    expect(parseAthenaCsv('"a","b","c"\n"x ""y""",,""\n"1,2","line\nbreak","3"\n')).toEqual([
      ['a', 'b', 'c'],
      ['x "y"', null, ''],
      ['1,2', 'line\nbreak', '3'],
    ]);
  });
});
