import type { S3Client } from '@aws-sdk/client-s3';
import { s3Sdk } from './s3-sdk.js';

/**
 * Listing only a period of hourly partitions. SageMaker data capture writes
 * `<prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/<file>` and Model Monitor's ground truth `<prefix>/yyyy/mm/dd/hh/<file>`;
 * both partitions sort chronologically as text, so one ListObjectsV2 per 1,000 objects of the period suffices:
 * `StartAfter` the first hour, stopping at the first key past the last hour. (Listing a prefix per hour or per
 * day would take one call per partition even when most are empty; listing the whole prefix reads every object's
 * name since the endpoint was created.)
 */

/** Hours whose partitions are read: those containing `from` through the one containing `to` (epoch ms, UTC). */
export interface ListPeriod {
  from: number;
  to: number;
}

/** The `yyyy/mm/dd/hh/` partition of an instant (UTC), as SageMaker names it. */
export function hourPartition(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}/`;
}

// The part of a key after the prefix: up to two levels (data capture's endpoint and variant), then yyyy/mm/dd/hh/.
const PARTITIONED = /^((?:[^/]+\/){0,2}?)\d{4}\/\d{2}\/\d{2}\/\d{2}\//;
const PARTITION = /^\d{4}\/\d{2}\/\d{2}\/\d{2}\//;

/**
 * The prefixes under `prefix` whose children are the `yyyy/mm/dd/hh/` partitions (`prefix` itself, or one per data
 * capture variant), found from one key each: list from the start, take the first key's root, skip past every key under that root
 * (`/` + 1 is `0`), repeat. Delimiter listings would do the same but are not implemented by every S3 server.
 */
async function partitionRoots(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const { ListObjectsV2Command } = await s3Sdk();
  const roots: string[] = [];
  // Every key under the prefix sorts after the prefix itself (which, as a key, would be a folder marker).
  let after: string | undefined = prefix || undefined;
  for (;;) {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, StartAfter: after }),
    );
    const key = page.Contents?.[0]?.Key;
    if (!key) return roots;
    const match = PARTITIONED.exec(key.slice(prefix.length));
    // An object outside the partition layout: the prefix is not (only) partitioned, so it is read whole.
    if (!match) return [];
    const root = `${prefix}${match[1]}`;
    roots.push(root);
    if (root === prefix) return roots;
    after = `${root.slice(0, -1)}0`;
  }
}

/**
 * Keys of the objects in the period's hourly partitions under `prefix`, sorted; undefined when `prefix` holds
 * objects outside a `yyyy/mm/dd/hh/` layout (within two levels), so the caller can read it whole.
 */
export async function listPeriodKeys(
  client: S3Client,
  bucket: string,
  prefix: string,
  period: ListPeriod,
): Promise<string[] | undefined> {
  const base = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  const roots = await partitionRoots(client, bucket, base);
  if (roots.length === 0) return undefined;
  const first = hourPartition(period.from);
  const last = hourPartition(period.to);
  const { ListObjectsV2Command } = await s3Sdk();
  const keys: string[] = [];
  for (const root of roots) {
    let token: string | undefined;
    let done = false;
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: root,
          // Keys of the first hour start with `<root>yyyy/mm/dd/hh/`, which sorts after `<root>yyyy/mm/dd/hh`.
          StartAfter: token ? undefined : `${root}${first.slice(0, -1)}`,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        const rest = object.Key!.slice(root.length);
        if (!PARTITION.test(rest)) continue;
        if (rest.slice(0, 14) > last) {
          done = true;
          break;
        }
        if ((object.Size ?? 0) > 0) keys.push(object.Key!);
      }
      token = !done && page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  return keys.sort();
}
