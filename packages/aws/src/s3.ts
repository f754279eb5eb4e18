import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { explainAwsError, isNotFound, isPreconditionFailed } from './errors.js';

/** An object (or a prefix) in S3. */
export interface S3Location {
  bucket: string;
  key: string;
}

/** The `s3://bucket/key` form of a location. */
export const s3UriOf = (at: S3Location) => `s3://${at.bucket}/${at.key}`;

/** The object `name` under a prefix: one slash between them, none when the prefix is the bucket's root. */
export function objectUnder(prefix: S3Location, name: string): S3Location {
  const base = prefix.key.replace(/\/+$/, '');
  return { bucket: prefix.bucket, key: base ? `${base}/${name}` : name };
}

/** An object's bytes as a stream; errors are left as they are, so a caller can word a missing object itself. */
export async function getObjectStream(s3: S3Client, at: S3Location): Promise<Readable> {
  const response = await s3.send(new GetObjectCommand({ Bucket: at.bucket, Key: at.key }));
  return response.Body as Readable;
}

async function getObject<T>(
  s3: S3Client,
  at: S3Location,
  read: (body: StreamingBody) => Promise<T>,
): Promise<T> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: at.bucket, Key: at.key }));
    return await read(response.Body!);
  } catch (error) {
    throw explainAwsError(error, `s3:GetObject on ${s3UriOf(at)}`);
  }
}

type StreamingBody = NonNullable<GetObjectCommandOutput['Body']>;

/** An object's content as UTF-8 text. */
export function readObjectText(s3: S3Client, at: S3Location): Promise<string> {
  return getObject(s3, at, (body) => body.transformToString());
}

/** An object's content as bytes. */
export function readObjectBytes(s3: S3Client, at: S3Location): Promise<Uint8Array> {
  return getObject(s3, at, (body) => body.transformToByteArray());
}

/** Write (or replace) an object. */
export async function putObject(
  s3: S3Client,
  at: S3Location,
  body: string | Uint8Array,
  contentType?: string,
): Promise<void> {
  await put(s3, at, body, contentType ? { ContentType: contentType } : {});
}

async function put(
  s3: S3Client,
  at: S3Location,
  body: string | Uint8Array,
  extra: Partial<PutObjectCommandInput>,
): Promise<void> {
  await s3
    .send(new PutObjectCommand({ Bucket: at.bucket, Key: at.key, Body: body, ...extra }))
    .catch((error) => {
      throw isPreconditionFailed(error) && extra.IfNoneMatch
        ? error
        : explainAwsError(error, `s3:PutObject on ${s3UriOf(at)}`);
    });
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
    await put(s3, at, body, { IfNoneMatch: '*', ContentType: contentType });
    return true;
  } catch (error) {
    if (isPreconditionFailed(error)) return false;
    throw error;
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
        throw explainAwsError(error, `s3:ListBucket on ${s3UriOf(at)}`);
      });
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** Whether an object exists (HeadObject), so content-addressed uploads can be skipped. */
export async function objectExists(s3: S3Client, at: S3Location): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: at.bucket, Key: at.key }));
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw explainAwsError(error, `s3:GetObject (HeadObject) on ${s3UriOf(at)}`);
  }
}

/** An object's SHA-256 (hex, as `sha256sum` prints it) and where it came from. */
export interface ObjectDigest {
  sha256: string;
  /** `s3-checksum`: S3's stored full-object checksum (no download); `computed`: hashed while streaming the bytes. */
  source: 's3-checksum' | 'computed';
  bytes: number | undefined;
}

/**
 * The SHA-256 of an object's bytes, or undefined when it does not exist. S3's own full-object SHA-256 is used when
 * the object was uploaded with one (HeadObject with ChecksumMode); a CRC is not (anyone who can write the object can
 * forge one), nor a multipart upload's checksum of part checksums, so otherwise the object is streamed and hashed.
 */
export async function objectSha256(s3: S3Client, at: S3Location): Promise<ObjectDigest | undefined> {
  const where = s3UriOf(at);
  let head: HeadObjectCommandOutput;
  try {
    head = await s3.send(new HeadObjectCommand({ Bucket: at.bucket, Key: at.key, ChecksumMode: 'ENABLED' }));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw explainAwsError(error, `s3:GetObject (HeadObject) on ${where}`);
  }
  const stored = head.ChecksumSHA256;
  if (stored && head.ChecksumType !== 'COMPOSITE' && !/-\d+$/.test(stored))
    return {
      sha256: Buffer.from(stored, 'base64').toString('hex'),
      source: 's3-checksum',
      bytes: head.ContentLength,
    };
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of await getObjectStream(s3, at)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw explainAwsError(error, `s3:GetObject on ${where}`);
  }
  return { sha256: hash.digest('hex'), source: 'computed', bytes };
}

/** A file of a report set to publish: its object name under the prefix, content and content type. */
export interface PublishedFile {
  name: string;
  body: string;
  contentType: string;
}

/** Upload report files under an s3:// prefix (replacing objects of the same name); returns each one's s3:// URI. */
export async function publishUnder(
  s3: S3Client,
  prefix: S3Location,
  files: readonly PublishedFile[],
): Promise<string[]> {
  const uris: string[] = [];
  for (const file of files) {
    const at = objectUnder(prefix, file.name);
    await putObject(s3, at, file.body, file.contentType);
    uris.push(s3UriOf(at));
  }
  return uris;
}
