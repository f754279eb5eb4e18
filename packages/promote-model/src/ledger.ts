import type { S3Client } from '@aws-sdk/client-s3';
import type { LedgerRecord } from '@mlops-actions/core';
import { appendRecord, listRecords, parseS3Uri, readRecord } from '@mlops-actions/data';
import type { ActionDeps, Logger } from '@mlops-actions/github';

/** The S3 client when the ledger is on S3 (a local ledger needs none). */
export const ledgerS3 = (ledger: string | undefined, deps: ActionDeps) =>
  ledger && parseS3Uri(ledger) ? deps.aws.s3() : undefined;

/** Ledger records of a group, newest first. */
export async function readHistory(
  ledger: string,
  group: string,
  s3: S3Client | undefined,
): Promise<LedgerRecord[]> {
  const names = (await listRecords(ledger, { s3 })).filter(
    (n) => n.startsWith(`${group}/`) && n.endsWith('.json'),
  );
  const records: LedgerRecord[] = [];
  for (const name of names.reverse()) {
    try {
      records.push(JSON.parse(await readRecord(ledger, name, { s3 })));
    } catch {
      // a record that is not JSON is not ours: skip it
    }
  }
  return records;
}

/** Append a record under its name, never overwriting one that exists (a re-run of the same attempt). */
export async function appendLedgerRecord(
  ledger: string,
  name: string,
  record: LedgerRecord,
  s3: S3Client | undefined,
  logger: Logger,
): Promise<void> {
  const written = await appendRecord(ledger, name, `${JSON.stringify(record, null, 2)}\n`, { s3 });
  if (written.created) logger.info(`Ledger: ${written.uri}`);
  else logger.warning(`Ledger record ${written.uri} already exists; it was not overwritten.`);
}
