// Athena queries from start to result: an idempotent start (a re-run of the workflow gets the same query back and
// never pays twice), polling with backoff and progress lines, failures with Athena's reason, a scan ceiling, the
// result read from the output location in S3 (one GET, not GetQueryResults pages), and stop on cancel.
import { createHash } from 'node:crypto';
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { S3Client } from '@aws-sdk/client-s3';
import { UserError } from '@mlops-actions/core';
import { parseAthenaCsv } from './athena-csv.js';
import { explainAwsError } from './errors.js';
import { readObjectText } from './s3.js';
import { formatElapsed, type WaitDeps, WaitProgress } from './wait.js';

/** One query to run. */
export interface AthenaQuery {
  sql: string;
  /** Athena workgroup (its settings may force an output location and a per-query scan cutoff). */
  workgroup?: string;
  /** s3:// prefix for results; required unless the workgroup sets one. */
  outputLocation?: string;
  /** What makes the request token: the same run and SQL give the same query, whatever the attempt. */
  run: { repository: string; runId: string };
}

/** How long to wait and what a query may scan. */
export interface AthenaRunOptions {
  timeoutMs: number;
  /** Stop the query once it has scanned more than this (the runtime side of max-scan-gb). */
  maxScanBytes?: number;
  /** Called with the execution id as soon as it is known (the post step stops it on cancel). */
  onStarted?: (executionId: string) => void;
}

/** A finished query: its rows (header first) and what it cost. */
export interface AthenaResult {
  executionId: string;
  rows: (string | null)[][];
  bytesScanned: number;
  /** True when the query was started by an earlier attempt of this run and only its result was read. */
  reused: boolean;
}

// Ended without a result: a re-run must start a new query for these, so the token moves on (see startQuery).
const ENDED_WITHOUT_RESULT = new Set(['FAILED', 'CANCELLED']);
const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 20_000;
const MAX_RESTARTS = 5;

/**
 * ClientRequestToken for a query: Athena returns the existing execution for a token it has seen, so the token is the
 * run (repository and run id, shared by every attempt) plus the SQL; `restart` counts queries that ended without a
 * result. Outside a workflow run (the CLI) every invocation is its own run.
 */
function athenaRequestToken(query: AthenaQuery, restart: number, now: Date): string {
  const run = query.run.runId ? `${query.run.repository}|${query.run.runId}` : `local|${now.toISOString()}`;
  return createHash('sha256').update(`${run}|${restart}|${query.sql}`).digest('hex');
}

/** The execution as Athena reports it. */
async function getAthenaQuery(athena: AthenaClient, executionId: string): Promise<QueryExecution> {
  try {
    const out = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: executionId }));
    return out.QueryExecution!;
  } catch (error) {
    throw explainAwsError(error, 'athena:GetQueryExecution', { detail: ` (query ${executionId})` });
  }
}

async function startQuery(
  athena: AthenaClient,
  query: AthenaQuery,
  deps: WaitDeps,
): Promise<{ execution: QueryExecution; reused: boolean }> {
  for (let restart = 0; restart <= MAX_RESTARTS; restart++) {
    let executionId: string;
    try {
      const out = await athena.send(
        new StartQueryExecutionCommand({
          QueryString: query.sql,
          ClientRequestToken: athenaRequestToken(query, restart, deps.now()),
          WorkGroup: query.workgroup || undefined,
          ResultConfiguration: query.outputLocation ? { OutputLocation: query.outputLocation } : undefined,
        }),
      );
      executionId = out.QueryExecutionId!;
    } catch (error) {
      throw explainAwsError(error, 'athena:StartQueryExecution', {
        detail: query.workgroup ? ` (workgroup ${query.workgroup})` : '',
        validationHint:
          'Athena rejected the query: check athena-output (an s3:// prefix the role can write) or the workgroup’s result location, and the table and columns named in the inputs.',
      });
    }
    const execution = await getAthenaQuery(athena, executionId);
    const state = execution.Status?.State ?? 'QUEUED';
    if (!ENDED_WITHOUT_RESULT.has(state)) {
      const reused = state === 'SUCCEEDED' || state === 'RUNNING' || state === 'QUEUED';
      const before = execution.Status?.SubmissionDateTime;
      const earlier = reused && before !== undefined && before.getTime() < deps.now().getTime() - 60_000;
      if (earlier)
        deps.logger.info(`Athena query ${executionId} was started by an earlier attempt: reusing it.`);
      return { execution, reused: earlier };
    }
    deps.logger.info(
      `Athena query ${executionId} from an earlier attempt ended ${state}${reasonOf(execution)}: starting it again.`,
    );
  }
  throw new UserError(`The Athena query ended without a result ${MAX_RESTARTS + 1} times in this run.`);
}

const reasonOf = (e: QueryExecution) =>
  e.Status?.StateChangeReason ? ` (${e.Status.StateChangeReason.replace(/\s+/g, ' ')})` : '';

const gigabytes = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;

/** Ask Athena to stop a query that is still queued or running; true when StopQueryExecution was sent. */
export async function stopAthenaQueryIfRunning(
  athena: AthenaClient,
  executionId: string,
  logger: WaitDeps['logger'],
): Promise<boolean> {
  const state = (await getAthenaQuery(athena, executionId)).Status?.State;
  if (state !== 'QUEUED' && state !== 'RUNNING') {
    logger.info(`Athena query ${executionId} is ${state ?? 'gone'}; nothing to stop.`);
    return false;
  }
  try {
    await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: executionId }));
  } catch (error) {
    throw explainAwsError(error, 'athena:StopQueryExecution', { detail: ` (query ${executionId})` });
  }
  logger.info(`Stopped Athena query ${executionId}.`);
  return true;
}

/** Poll until the query ends, backing off from 1 s to 20 s: a line per poll, a heartbeat at least every 10 s. */
async function waitForQuery(
  athena: AthenaClient,
  first: QueryExecution,
  options: AthenaRunOptions,
  deps: WaitDeps,
): Promise<QueryExecution> {
  const id = first.QueryExecutionId!;
  const progress = new WaitProgress(deps, `Athena query ${id}`);
  let execution = first;
  let pollMs = FIRST_POLL_MS;
  for (;;) {
    const state = execution.Status?.State ?? 'QUEUED';
    const scanned = execution.Statistics?.DataScannedInBytes ?? 0;
    const since = progress.elapsed();
    progress.set(`${state}, ${gigabytes(scanned)} scanned`);
    progress.info(`[${formatElapsed(since)}] Athena query ${id}: ${state}, ${gigabytes(scanned)} scanned`);
    if (state !== 'QUEUED' && state !== 'RUNNING') return execution;
    if (options.maxScanBytes !== undefined && scanned > options.maxScanBytes) {
      await stopAthenaQueryIfRunning(athena, id, deps.logger);
      throw new UserError(
        `Athena query ${id} stopped: it scanned ${gigabytes(scanned)}, more than max-scan-gb (${gigabytes(options.maxScanBytes)}).`,
        { hint: 'Narrow athena-where to fewer partitions, or raise max-scan-gb.' },
      );
    }
    if (since >= options.timeoutMs) {
      throw new UserError(
        `Athena query ${id} is still ${state} after ${formatElapsed(since)}; the step gives up (the query keeps running until the post step stops it).`,
        {
          hint: 'Raise athena-timeout, or narrow athena-where. A re-run reuses this query instead of paying again.',
        },
      );
    }
    await progress.sleep(pollMs);
    pollMs = Math.min(pollMs * 2, MAX_POLL_MS);
    execution = await getAthenaQuery(athena, id);
  }
}

const s3Location = (uri: string) => {
  const m = uri.match(/^s3:\/\/([^/]+)\/(.+)$/);
  if (!m) throw new Error(`Athena output location ${JSON.stringify(uri)} is not an s3:// object.`);
  return { bucket: m[1]!, key: m[2]! };
};

/** Run a query to the end and read its result file. A FAILED or CANCELLED query is a UserError with Athena's reason. */
export async function runAthenaQuery(
  clients: { athena: AthenaClient; s3: S3Client },
  query: AthenaQuery,
  options: AthenaRunOptions,
  deps: WaitDeps,
): Promise<AthenaResult> {
  const started = await startQuery(clients.athena, query, deps);
  const executionId = started.execution.QueryExecutionId!;
  options.onStarted?.(executionId);
  const execution = await waitForQuery(clients.athena, started.execution, options, deps);
  const state = execution.Status?.State;
  if (state !== 'SUCCEEDED') {
    throw new UserError(`Athena query ${executionId} ended ${state}${reasonOf(execution)}.`, {
      hint:
        state === 'CANCELLED'
          ? 'The query was stopped (a cancelled workflow, or someone in the console); re-run to start it again.'
          : 'Fix what the reason names (a column or table name in the inputs, athena-where, permissions on the table’s S3 location).',
    });
  }
  const output = execution.ResultConfiguration?.OutputLocation;
  if (!output) throw new Error(`Athena query ${executionId} succeeded without an output location.`);
  const rows = parseAthenaCsv(await readObjectText(clients.s3, s3Location(output)));
  return {
    executionId,
    rows,
    bytesScanned: execution.Statistics?.DataScannedInBytes ?? 0,
    reused: started.reused,
  };
}
