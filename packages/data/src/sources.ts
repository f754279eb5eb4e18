import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { UserError } from '@mlops-actions/core';
import { hourPartition, type ListPeriod, listPeriodKeys } from './partitions.js';
import { s3Sdk } from './s3-sdk.js';
import { parseS3Uri } from './s3-uri.js';

/** One object to read: a local file or an S3 object. */
export type SourceObject =
  | { kind: 'file'; path: string; name: string }
  | { kind: 's3'; bucket: string; key: string; name: string };

// tinyglobby and picomatch (~37 kB) are imported for a directory or a pattern only: a run naming files starts without.
const globber = () => import('tinyglobby');

const SKIPPED = /(^|\/)(_SUCCESS|_committed_.*|_started_.*|\.DS_Store)$|\.crc$/;

/**
 * Files reached more than once through symbolic links (a `self -> .` link repeats a whole directory) are read once:
 * the first of each real path in sorted order is kept, so the direct path wins over the linked one.
 */
async function oncePerFile(paths: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const path of paths) {
    const real = await realpath(path).catch(() => path);
    if (seen.has(real)) continue;
    seen.add(real);
    out.push(path);
  }
  return out;
}

/**
 * Resolve a source to the objects it names: a local file, a directory (every file below it), a glob, an
 * `s3://bucket/prefix` (every object under it, or with `period` only those of its hourly partitions in the period)
 * or an `s3://bucket/key`. Sorted, so reads are deterministic.
 */
export async function listSources(
  source: string | string[],
  options: {
    s3?: S3Client;
    inputName?: string;
    cwd?: string;
    period?: ListPeriod;
    onWarning?: (message: string) => void;
  } = {},
): Promise<SourceObject[]> {
  const what = options.inputName ? `Input "${options.inputName}"` : 'Input';
  const out: SourceObject[] = [];
  for (const entry of Array.isArray(source) ? source : [source]) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const s3 = parseS3Uri(trimmed);
    if (s3) {
      if (!options.s3) throw new Error('an S3 client is needed for s3:// sources');
      if (options.period) {
        const keys = await listPeriodKeys(options.s3, s3.bucket, s3.key, options.period);
        if (keys?.length === 0)
          throw new UserError(
            `${what}: no object under ${JSON.stringify(trimmed)} in the partitions ${hourPartition(options.period.from)} to ${hourPartition(options.period.to)}.`,
            {
              hint: 'Check `lookback` and `as-of`, or that data capture is enabled and writing under this prefix.',
            },
          );
        if (keys) {
          for (const key of keys)
            out.push({ kind: 's3', bucket: s3.bucket, key, name: `s3://${s3.bucket}/${key}` });
          continue;
        }
        options.onWarning?.(
          `${what}: no yyyy/mm/dd/hh partitions under ${JSON.stringify(trimmed)}, so lookback does not narrow it: every object is read.`,
        );
      }
      out.push(...(await listS3(options.s3, s3.bucket, s3.key, what, trimmed)));
      continue;
    }
    const cwd = options.cwd ?? process.cwd();
    const path = resolve(cwd, trimmed);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ELOOP')
        throw new UserError(`${what}: ${JSON.stringify(trimmed)} is a loop of symbolic links.`, {
          hint: 'Point the link at the data (`ls -l` shows where each link leads).',
        });
      return undefined;
    });
    if (info?.isFile() || info?.isFIFO()) {
      // A named pipe streams like a file (e.g. `mkfifo` fed by another process); it is read once, in order.
      out.push({ kind: 'file', path, name: trimmed });
    } else if (info?.isDirectory()) {
      const { glob } = await globber();
      const files = (await glob('**/*', { cwd: path, onlyFiles: true, dot: false }))
        .filter((f) => !SKIPPED.test(f))
        .sort();
      if (files.length === 0)
        throw new UserError(`${what}: directory ${JSON.stringify(trimmed)} has no files.`);
      const once = new Set(await oncePerFile(files.map((f) => join(path, f))));
      for (const f of files)
        if (once.has(join(path, f))) out.push({ kind: 'file', path: join(path, f), name: join(trimmed, f) });
    } else if (/[*?[\]{}]/.test(trimmed)) {
      const { glob } = await globber();
      const files = await oncePerFile(
        (await glob(trimmed, { cwd, onlyFiles: true, absolute: true }))
          .filter((f) => !SKIPPED.test(f))
          .sort(),
      );
      if (files.length === 0)
        throw new UserError(`${what}: no file matches the pattern ${JSON.stringify(trimmed)}.`);
      for (const f of files) out.push({ kind: 'file', path: f, name: f });
    } else {
      throw new UserError(`${what}: file not found: ${JSON.stringify(trimmed)}.`, {
        hint: 'Give a path relative to the workspace, a glob such as data/*.csv, or an s3:// URI.',
      });
    }
  }
  if (out.length === 0) throw new UserError(`${what} is empty: give a path, a glob or an s3:// URI.`);
  return out;
}

async function listS3(
  client: S3Client,
  bucket: string,
  key: string,
  what: string,
  uri: string,
): Promise<SourceObject[]> {
  const { ListObjectsV2Command } = await s3Sdk();
  const out: SourceObject[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: key, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      const k = object.Key!;
      if (k.endsWith('/') || (object.Size ?? 0) === 0 || SKIPPED.test(k)) continue;
      // `s3://b/data/x.csv` names one object; `s3://b/data` is a prefix (also matches data/x.csv, not data2/...).
      if (k !== key && key !== '' && !key.endsWith('/') && !k.startsWith(`${key}/`)) continue;
      out.push({ kind: 's3', bucket, key: k, name: `s3://${bucket}/${k}` });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  if (out.length === 0) throw new UserError(`${what}: no object found under ${JSON.stringify(uri)}.`);
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Open an object as a byte stream. */
export async function openSource(object: SourceObject, s3?: S3Client): Promise<Readable> {
  if (object.kind === 'file') return createReadStream(object.path, { highWaterMark: 1 << 20 });
  const { GetObjectCommand } = await s3Sdk();
  const response = await s3!.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
  return response.Body as Readable;
}
