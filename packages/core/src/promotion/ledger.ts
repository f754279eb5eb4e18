/** One ledger record: who promoted (or rolled back) what, from what, with which evaluation, and how it ended. */
export interface LedgerRecord {
  schema_version: 1;
  kind: 'promotion';
  action: 'promote' | 'rollback';
  model_package_group: string;
  target: 'endpoint' | 'registry-only';
  endpoint: string | null;
  from: string | null;
  to: string;
  to_version: number | null;
  endpoint_config: string | null;
  model_name: string | null;
  deployment: string | null;
  evaluation: {
    decision: string;
    metric: string;
    champion: number | null;
    challenger: number | null;
    forced: boolean;
  } | null;
  reason: string | null;
  actor: string | null;
  run: {
    repository: string | null;
    run_id: string | null;
    run_attempt: number | null;
    run_url: string | null;
    sha: string | null;
  };
  outcome: 'succeeded' | 'failed';
  error: string | null;
  started_at: string;
  finished_at: string;
}

/** What a ledger record says before the run ends: everything but its outcome and times. */
export type PlannedRecord = Omit<LedgerRecord, 'outcome' | 'error' | 'started_at' | 'finished_at'>;

/** The record of a finished promotion: the planned record with its outcome and times. */
export function finishRecord(
  planned: PlannedRecord,
  outcome: { error: string | null; startedAt: Date; finishedAt: Date },
): LedgerRecord {
  return {
    ...planned,
    outcome: outcome.error === null ? 'succeeded' : 'failed',
    error: outcome.error,
    started_at: outcome.startedAt.toISOString(),
    finished_at: outcome.finishedAt.toISOString(),
  };
}

/** The package that was in production before `current`, as the ledger remembers it (newest records first). */
export function previousFromLedger(history: LedgerRecord[], current: string): string | undefined {
  return history.find((r) => r.outcome === 'succeeded' && r.to === current)?.from ?? undefined;
}

/** The ledger record's name: `<group>/<UTC stamp>-<action>-v<version>-<run key>.json`, unique per run attempt. */
export function ledgerRecordName(record: PlannedRecord, startedAt: Date, runKey: string): string {
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${record.model_package_group}/${stamp}-${record.action}-v${record.to_version ?? 0}-${runKey.replace(/[^A-Za-z0-9-]/g, '-')}.json`;
}
