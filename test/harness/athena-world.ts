// Athena stood in by DuckDB for tests: the functions of Athena's SQL that the generated queries use, spelled as
// DuckDB macros (so the Athena dialect's text runs on DuckDB), and Athena's JSON API whose engine is that DuckDB.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DuckDBConnection } from '@duckdb/node-api';

/** Athena (Trino) functions the generated SQL uses, as DuckDB macros. */
export const ATHENA_SHIMS = [
  'CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  'CREATE MACRO to_unixtime(t) AS epoch(t)',
  'CREATE MACRO "try"(x) AS x',
  'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  'CREATE MACRO date_parse(s, f) AS try_strptime(s, f)',
  // approx_percentile is exact here: the error Athena's t-digest adds is measured apart (docs/athena.md).
  'CREATE MACRO approx_percentile(x, q) AS quantile_cont(x, q)',
];

/** Athena's API over DuckDB: tokens return their execution, states follow `script`, results go to S3 as CSV. */
export class AthenaWorld {
  readonly executions = new Map<string, { state: string; sql: string; output: string }>();
  private readonly tokens = new Map<string, string>();
  /** State a new query is left in: SUCCEEDED runs the SQL; RUNNING stays running until stopped. */
  nextState = 'SUCCEEDED';
  private readonly db: DuckDBConnection;
  private readonly dir: string;
  private readonly s3: () => S3Client;
  constructor(db: DuckDBConnection, dir: string, s3: () => S3Client) {
    this.db = db;
    this.dir = dir;
    this.s3 = s3;
  }

  readonly handlers = {
    StartQueryExecution: async (input: Record<string, unknown>) => {
      const token = String(input.ClientRequestToken);
      const known = this.tokens.get(token);
      if (known) return { QueryExecutionId: known };
      const id = `q${this.executions.size + 1}`;
      this.tokens.set(token, id);
      const prefix = (input.ResultConfiguration as { OutputLocation: string }).OutputLocation;
      const output = `${prefix}${id}.csv`;
      const sql = String(input.QueryString);
      this.executions.set(id, { state: this.nextState, sql, output });
      if (this.nextState === 'SUCCEEDED') {
        const file = join(this.dir, `${id}.csv`);
        await this.db.run(`COPY (${sql}) TO '${file}' (FORMAT CSV, HEADER, FORCE_QUOTE *)`);
        const [, bucket, key] = output.match(/^s3:\/\/([^/]+)\/(.+)$/)!;
        await this.s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(file) }));
      }
      return { QueryExecutionId: id };
    },
    GetQueryExecution: (input: Record<string, unknown>) => {
      const e = this.executions.get(String(input.QueryExecutionId))!;
      return {
        QueryExecution: {
          QueryExecutionId: input.QueryExecutionId,
          Status: { State: e.state, SubmissionDateTime: Date.now() / 1000 },
          Statistics: { DataScannedInBytes: 52_428_800 },
          ResultConfiguration: { OutputLocation: e.output },
        },
      };
    },
    StopQueryExecution: (input: Record<string, unknown>) => {
      this.executions.get(String(input.QueryExecutionId))!.state = 'CANCELLED';
      return {};
    },
  };
}
