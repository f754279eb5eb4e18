import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { UserError } from '@mlops-actions/core';
import { createFileExclusive } from './files.js';
import { parseS3Uri } from './s3-uri.js';

// The AWS package pulls in every SDK client, which a run on local files never needs: imported when a location is S3.
const awsOperations = () => import('@mlops-actions/aws');

/** Record names are plain file names (letters, digits, `.`, `_`, `-`, and `/` between segments), never escaping the location. */
export function checkRecordName(name: string): void {
  const bad =
    name.length === 0 ||
    name.length > 512 ||
    name.startsWith('/') ||
    !/^[A-Za-z0-9._\-/]+$/.test(name) ||
    name.split('/').some((part) => part === '' || part === '.' || part === '..');
  if (bad)
    throw new UserError(
      `Record name ${JSON.stringify(name)} is not allowed: it must stay inside the ledger location.`,
    );
}

export interface AppendResult {
  /** Where the record is (path or s3:// URI). */
  uri: string;
  /** False when a record of that name already existed: nothing was written. */
  created: boolean;
}

/**
 * Append a record to a ledger location (a local directory or an `s3://bucket/prefix`) without ever overwriting:
 * locally the file is created exclusively; on S3 with a conditional PutObject (`If-None-Match: *`), so of two writers
 * of the same name exactly one succeeds.
 */
export async function appendRecord(
  location: string,
  name: string,
  body: string,
  options: { s3?: S3Client } = {},
): Promise<AppendResult> {
  checkRecordName(name);
  const s3 = parseS3Uri(location);
  if (s3) {
    const { objectUnder, putObjectIfAbsent, s3UriOf } = await awsOperations();
    const at = objectUnder(s3, name);
    return { uri: s3UriOf(at), created: await putObjectIfAbsent(options.s3!, at, body) };
  }
  const path = join(resolve(location), name);
  return { uri: path, created: await createFileExclusive(path, body) };
}

/** Names of the records under a location, sorted. */
export async function listRecords(location: string, options: { s3?: S3Client } = {}): Promise<string[]> {
  const s3 = parseS3Uri(location);
  if (s3) {
    // The prefix ends in a slash so that `ledger/prod` does not list `ledger/production/…`.
    const { listObjectKeys, objectUnder } = await awsOperations();
    const prefix = objectUnder(s3, '');
    const keys = await listObjectKeys(options.s3!, prefix);
    return keys
      .filter((key) => !key.endsWith('/'))
      .map((key) => key.slice(prefix.key.length))
      .sort();
  }
  const root = resolve(location);
  const out: string[] = [];
  async function walk(dir: string, prefix: string) {
    const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [];
      throw e;
    });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) await walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else out.push(`${prefix}${entry.name}`);
    }
  }
  await walk(root, '');
  return out.sort();
}

/** Read one record's text. */
export async function readRecord(
  location: string,
  name: string,
  options: { s3?: S3Client } = {},
): Promise<string> {
  checkRecordName(name);
  const s3 = parseS3Uri(location);
  if (s3) {
    const { objectUnder, readObjectText } = await awsOperations();
    return readObjectText(options.s3!, objectUnder(s3, name));
  }
  return readFile(join(resolve(location), name), 'utf8');
}
