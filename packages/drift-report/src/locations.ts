import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { UserError } from '@mlops-actions/core';
import { createFileExclusive, parseS3Uri, s3Sdk } from '@mlops-actions/data';

// drift-report's own reads and writes by location (a local path or an s3:// URI). The S3 client is the one the
// run got from `deps.aws` (undefined when no location is on S3).

/** The text at a local path or s3:// URI; a missing local file is a user error naming it. */
export async function readText(location: string, s3: S3Client | undefined): Promise<string> {
  const uri = parseS3Uri(location);
  if (uri) {
    const { GetObjectCommand } = await s3Sdk();
    const response = await s3!.send(new GetObjectCommand({ Bucket: uri.bucket, Key: uri.key }));
    return response.Body!.transformToString();
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
  const { PutObjectCommand } = await s3Sdk();
  try {
    await s3!.send(
      new PutObjectCommand({
        Bucket: uri.bucket,
        Key: uri.key,
        Body: body,
        IfNoneMatch: '*',
        ContentType: 'application/json',
      }),
    );
    return true;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 412 || status === 409) return false;
    throw error;
  }
}

/** Upload the HTML report under the s3:// prefix `prefix` as `name`; returns its s3:// URI. */
export async function uploadReport(
  prefix: string,
  name: string,
  html: string,
  s3: S3Client,
): Promise<string> {
  const uri = parseS3Uri(prefix);
  if (!uri) throw new UserError(`Input "report-uri" must be an s3:// prefix, got ${JSON.stringify(prefix)}.`);
  const key = `${uri.key.replace(/\/?$/, uri.key ? '/' : '')}${name}`;
  const { PutObjectCommand } = await s3Sdk();
  await s3.send(
    new PutObjectCommand({
      Bucket: uri.bucket,
      Key: key,
      Body: html,
      ContentType: 'text/html; charset=utf-8',
    }),
  );
  return `s3://${uri.bucket}/${key}`;
}
