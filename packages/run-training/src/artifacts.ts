import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  explainAwsError,
  getObjectStream,
  isNotFound,
  putObject,
  uploadFile as uploadToS3,
} from '@mlops-actions/aws';
import { UserError } from '@mlops-actions/core';
import { parseS3Uri, writeFileAtomic } from '@mlops-actions/data';
import { Parser, type ReadEntry } from 'tar';

const normalise = (p: string) => p.replace(/^\.\//, '').replace(/^\/+/, '');

/** Read one file out of a .tar.gz stream (entries may be `./x` or `x`); error listing what the archive holds. */
export async function extractFromArchive(
  source: NodeJS.ReadableStream,
  path: string,
  archiveName: string,
): Promise<Buffer> {
  const wanted = normalise(path);
  const seen: string[] = [];
  let found: Buffer | undefined;
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      const name = normalise(entry.path);
      if (entry.type === 'File') seen.push(name);
      if (name === wanted && entry.type === 'File') {
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => {
          found = Buffer.concat(chunks);
        });
      } else entry.resume();
    },
  });
  await pipeline(source, parser as unknown as NodeJS.WritableStream);
  if (!found)
    throw new UserError(
      `Input "predictions-path": ${path} is not in ${archiveName} (it holds ${seen.slice(0, 10).join(', ') || 'no files'}${seen.length > 10 ? ', …' : ''}).`,
      {
        hint: 'Write the predictions under SM_OUTPUT_DATA_DIR (/opt/ml/output/data) and give their path relative to it.',
      },
    );
  return found;
}

/** Open a local file or S3 object as a stream. */
export async function openArchive(location: string, s3: () => S3Client): Promise<NodeJS.ReadableStream> {
  const uri = parseS3Uri(location);
  if (!uri) return createReadStream(location);
  try {
    return await getObjectStream(s3(), uri);
  } catch (error) {
    if (isNotFound(error))
      throw new UserError(`${location} does not exist: the job wrote no output data.`, {
        hint: 'Write the predictions under SM_OUTPUT_DATA_DIR (/opt/ml/output/data) in the training script.',
      });
    throw explainAwsError(error, `s3:GetObject on ${location}`);
  }
}

/** Write bytes to a local path (atomically) or an S3 URI. */
export async function writeTo(location: string, body: Buffer, s3: () => S3Client): Promise<void> {
  const uri = parseS3Uri(location);
  if (!uri) return writeFileAtomic(location, body);
  await putObject(s3(), uri, body);
}

/** Upload a local file to S3. */
export async function uploadFile(file: string, location: string, s3: () => S3Client): Promise<void> {
  await uploadToS3(s3(), file, parseS3Uri(location)!);
}
