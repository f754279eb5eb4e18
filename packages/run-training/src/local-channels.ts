import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { listObjectKeys, readObjectBytes } from '@mlops-actions/aws';
import { UserError } from '@mlops-actions/core';
import { parseS3Uri } from '@mlops-actions/data';

/**
 * Copy the objects under an S3 prefix into a channel directory, reporting objects done of the listing (a progress
 * line at least every 10 s while objects keep arriving; the listing has no sizes, so objects are the unit).
 */
export async function downloadChannel(
  s3: S3Client,
  uri: string,
  into: string,
  report: (done: number, total: number) => void,
): Promise<number> {
  const { bucket, key } = parseS3Uri(uri)!;
  const objects = (await listObjectKeys(s3, { bucket, key })).filter((o) => !o.endsWith('/'));
  let count = 0;
  for (const [i, object] of objects.entries()) {
    const rel = object.slice(key.length).replace(/^\//, '') || object.split('/').pop()!;
    const target = resolve(into, rel);
    if (target.startsWith(`${resolve(into)}/`)) {
      // never write outside the channel dir
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, await readObjectBytes(s3, { bucket, key: object }));
      count++;
    }
    report(i + 1, objects.length);
  }
  if (count === 0) throw new UserError(`Channel data ${uri} has no objects.`);
  return count;
}
