// The Athena side of an action step, shared by every action that reads athena:// sources (evaluate-challenger,
// drift-report): the inputs declared once (so both action.yml files spell them the same), the query run with its
// id saved for the post step, the post step that stops it on cancel, and the cost line of the summary.
import type { ActionDeps } from './action.js';
import type { InputSpec } from './definition.js';
import type { InputReader } from './inputs.js';

/** The athena-* inputs and max-scan-gb, declared once. */
export const athenaInputs = {
  'athena-workgroup': {
    description:
      'Athena workgroup for athena://database/table sources (its result location and scan cutoff apply).',
    default: 'primary',
  },
  'athena-output': {
    description:
      's3:// prefix where Athena writes query results; empty when the workgroup sets one (see docs/athena.md).',
  },
  'athena-where': {
    description:
      "SQL condition applied to every athena:// table before anything else, to read only some partitions (e.g. `dt >= '2026-09-01'`).",
  },
  'max-scan-gb': {
    description:
      'Refuse to go on once an Athena query has scanned more than this many GB (at $5/TB, 100 GB ≈ $0.50); 0: no limit.',
    default: '100',
  },
} satisfies Record<string, InputSpec>;

/** The parsed athena-* inputs. */
export interface AthenaSettings {
  workgroup: string;
  output: string | undefined;
  where: string | undefined;
  maxScanBytes: number | undefined;
}

/** The athena-* inputs and max-scan-gb (0: no limit). */
export function parseAthenaInputs(r: InputReader): AthenaSettings {
  const maxScanGb = r.requiredNumber('max-scan-gb', { min: 0 });
  return {
    workgroup: r.string('athena-workgroup'),
    output: r.optionalString('athena-output'),
    where: r.optionalString('athena-where'),
    maxScanBytes: maxScanGb > 0 ? maxScanGb * 1e9 : undefined,
  };
}

/** What a query cost, for the summary. */
export interface EngineRun {
  executionId: string;
  bytesScanned: number;
  reused: boolean;
}

/** The step state the post step reads to stop a query left running by a cancelled workflow. */
const QUERY_STATE = 'athena-query';

// A query still running after an hour is left to the post step (and a re-run reuses it).
const ATHENA_TIMEOUT_MS = 3_600_000;

/** Run one query for the step: idempotent per workflow run, its id kept for the post step while it runs. */
export async function runAthenaStep(
  sql: string,
  settings: AthenaSettings,
  deps: ActionDeps,
): Promise<{ rows: (string | null)[][]; engine: EngineRun }> {
  const context = deps.context;
  // Imported here, not at the top: a run on local files must not load the AWS SDK (start-up, bench/RESULTS.md).
  const { runAthenaQuery } = await import('@mlops-actions/aws');
  const run = await runAthenaQuery(
    { athena: deps.aws.athena(), s3: deps.aws.s3() },
    {
      sql,
      workgroup: settings.workgroup,
      outputLocation: settings.output,
      run: {
        repository: context.repository ? `${context.repository.owner}/${context.repository.repo}` : '',
        runId: context.runId,
      },
    },
    {
      timeoutMs: ATHENA_TIMEOUT_MS,
      maxScanBytes: settings.maxScanBytes,
      onStarted: (id) => deps.state.save(QUERY_STATE, id),
    },
    deps,
  );
  // The query is over: nothing for the post step to stop.
  deps.state.save(QUERY_STATE, '');
  return {
    rows: run.rows,
    engine: { executionId: run.executionId, bytesScanned: run.bytesScanned, reused: run.reused },
  };
}

/** The post step: stop the Athena query when the main step was cancelled while waiting for it. */
export async function stopAthenaStep(deps: ActionDeps): Promise<void> {
  const id = deps.state.get(QUERY_STATE);
  if (!id) return;
  const { stopAthenaQueryIfRunning } = await import('@mlops-actions/aws');
  await stopAthenaQueryIfRunning(deps.aws.athena(), id, deps.logger);
}

/** The summary line of Athena queries: bytes scanned and the cost at $5 per TB (billed per MB, at least 10 MB each). */
export function athenaCostLine(engines: readonly EngineRun[]): string {
  const billed = engines.reduce((sum, e) => sum + Math.max(Math.ceil(e.bytesScanned / 1e6), 10) * 1e6, 0);
  const scanned = engines.reduce((sum, e) => sum + e.bytesScanned, 0);
  const cost = (billed / 1e12) * 5;
  const ids = engines.map((e) => `\`${e.executionId}\``).join(', ');
  const reused = engines.every((e) => e.reused)
    ? ' (reused from an earlier attempt of this run, not paid again)'
    : '';
  return `\n\nAthena ${engines.length === 1 ? 'query' : 'queries'} ${ids}${reused}: ${(scanned / 1e9).toFixed(2)} GB scanned, about $${cost.toFixed(cost < 0.01 ? 4 : 2)} at $5/TB.\n`;
}
