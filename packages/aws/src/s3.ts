import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { explainAwsError, isPreconditionFailed } from './errors.js';

/** An object (or a prefix) in S3. */
export interface S3Location {
  bucket: string;
  key: string;
}

const uriOf = (at: S3Location) => `s3://${at.bucket}/${at.key}`;

/** An object's bytes as a stream; errors are left as they are, so a caller can word a missing object itself. */
export async function getObjectStream(s3: S3Client, at: S3Location): Promise<Readable> {
  const response = await s3.send(new GetObjectCommand({ Bucket: at.bucket, Key: at.key }));
  return response.Body as Readable;
}

/** An object's content as UTF-8 text. */
export async function readObjectText(s3: S3Client, at: S3Location): Promise<string> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: at.bucket, Key: at.key }));
    return await response.Body!.transformToString();
  } catch (error) {
    throw explainAwsError(error, `s3:GetObject on ${uriOf(at)}`);
  }
}

/** An object's content as bytes. */
export async function readObjectBytes(s3: S3Client, at: S3Location): Promise<Uint8Array> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: at.bucket, Key: at.key }));
    return await response.Body!.transformToByteArray();
  } catch (error) {
    throw explainAwsError(error, `s3:GetObject on ${uriOf(at)}`);
  }
}

/** Write (or replace) an object. */
export async function putObject(
  s3: S3Client,
  at: S3Location,
  body: string | Uint8Array,
  contentType?: string,
): Promise<void> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: at.bucket,
        Key: at.key,
        Body: body,
        ...(contentType ? { ContentType: contentType } : {}),
      }),
    );
  } catch (error) {
    throw explainAwsError(error, `s3:PutObject on ${uriOf(at)}`);
  }
}

/**
 * Create an object only if none of that key exists (conditional PutObject, `If-None-Match: *`): of two writers of
 * the same key exactly one succeeds. Returns false, writing nothing, when the key was taken.
 */
export async function putObjectIfAbsent(
  s3: S3Client,
  at: S3Location,
  body: string | Uint8Array,
  contentType = 'application/json',
): Promise<boolean> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: at.bucket,
        Key: at.key,
        Body: body,
        IfNoneMatch: '*',
        ContentType: contentType,
      }),
    );
    return true;
  } catch (error) {
    if (isPreconditionFailed(error)) return false;
    throw explainAwsError(error, `s3:PutObject on ${uriOf(at)}`);
  }
}

/** Upload a local file to an object. */
export async function uploadFile(s3: S3Client, file: string, at: S3Location): Promise<void> {
  await putObject(s3, at, await readFile(file));
}

/** Keys of the objects under a prefix (every page), in the order S3 lists them (ascending). */
export async function listObjectKeys(s3: S3Client, at: S3Location): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3
      .send(new ListObjectsV2Command({ Bucket: at.bucket, Prefix: at.key, ContinuationToken: token }))
      .catch((error) => {
        throw explainAwsError(error, `s3:ListBucket on ${uriOf(at)}`);
      });
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}
