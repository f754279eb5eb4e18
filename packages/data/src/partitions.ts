import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

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

const YEAR_DIR = /^\d{4}\/$/;
const PARTITION = /^\d{4}\/\d{2}\/\d{2}\/\d{2}\//;

/**
 * The prefixes under `prefix` whose children are `yyyy/` partitions: `prefix` itself, or (for data capture's
 * endpoint and variant levels) prefixes up to `depth` levels below it.
 */
async function partitionRoots(
  client: S3Client,
  bucket: string,
  prefix: string,
  depth: number,
): Promise<string[]> {
  const children: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }),
    );
    for (const p of page.CommonPrefixes ?? []) if (p.Prefix) children.push(p.Prefix);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  if (children.some((c) => YEAR_DIR.test(c.slice(prefix.length)))) return [prefix];
  if (depth === 0) return [];
  const roots: string[] = [];
  for (const child of children) roots.push(...(await partitionRoots(client, bucket, child, depth - 1)));
  return roots;
}

/**
 * Keys of the objects in the period's hourly partitions under `prefix`, sorted; undefined when `prefix` holds no
 * `yyyy/mm/dd/hh/` partitions (within two levels), so the caller can read it whole.
 */
export async function listPeriodKeys(
  client: S3Client,
  bucket: string,
  prefix: string,
  period: ListPeriod,
): Promise<string[] | undefined> {
  const base = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  const roots = await partitionRoots(client, bucket, base, 2);
  if (roots.length === 0) return undefined;
  const first = hourPartition(period.from);
  const last = hourPartition(period.to);
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
