import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { UserError } from '@mlops-actions/core';
import { createFileExclusive, parseS3Uri } from '@mlops-actions/data';

// drift-report's own reads and writes by location (a local path or an s3:// URI). The S3 client is the one the
// run got from `deps.aws` (undefined when no location is on S3).

/** The text at a local path or s3:// URI; a missing local file is a user error naming it. */
export async function readText(location: string, s3: S3Client | undefined): Promise<string> {
  const uri = parseS3Uri(location);
  if (uri) {
    // Imported on use: a run on local files must not load the AWS SDK (start-up).
    const { readObjectText } = await import('@mlops-actions/aws');
    return readObjectText(s3!, uri);
  }
  try {
    return await readFile(resolve(location), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new UserError(`File not found: ${location}.`);
    throw error;
  }
}

/** Parse JSON read from `location`; invalid JSON is a user error naming the file. */
export function parseJson(text: string, location: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UserError(`${location} is not valid JSON.`);
  }
}

/** Write `body` unless something is already there (S3: If-None-Match); false when it existed. */
export async function writeOnce(location: string, body: string, s3: S3Client | undefined): Promise<boolean> {
  const uri = parseS3Uri(location);
  if (!uri) return createFileExclusive(resolve(location), body);
  const { putObjectIfAbsent } = await import('@mlops-actions/aws');
  return putObjectIfAbsent(s3!, uri, body);
}
