import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '@mlops-actions/core';
import { describe, expect, it } from 'vitest';
import { useLocalS3 } from '../../../test/harness/s3.js';
import { awsClients } from './clients.js';
import {
  listObjectKeys,
  objectSha256,
  objectUnder,
  publishUnder,
  putObject,
  putObjectIfAbsent,
  readObjectBytes,
  readObjectText,
  uploadFile,
} from './s3.js';

describe('S3 object operations (against a local S3 server)', () => {
  useLocalS3(['objects']);
  // Built per test: the SDK reads the local server's endpoint and keys from process.env, set in beforeAll.
  const client = () => awsClients.s3();

  it('put-if-absent creates once and reports the taken key without overwriting', async () => {
    const at = { bucket: 'objects', key: 'ledger/a.json' };
    expect(await putObjectIfAbsent(client(), at, '{"first":true}')).toBe(true);
    expect(await putObjectIfAbsent(client(), at, '{"second":true}')).toBe(false);
    expect(await readObjectText(client(), at)).toBe('{"first":true}');
  });

  it('put replaces; upload sends a local file; bytes and keys read back', async () => {
    const at = { bucket: 'objects', key: 'data/x.txt' };
    await putObject(client(), at, 'one', 'text/plain');
    await putObject(client(), at, 'two');
    expect(await readObjectText(client(), at)).toBe('two');
    const file = join(mkdtempSync(join(tmpdir(), 'upload-')), 'model.tar.gz');
    writeFileSync(file, Buffer.from([1, 2, 3]));
    await uploadFile(client(), file, { bucket: 'objects', key: 'data/model.tar.gz' });
    expect(
      Array.from(await readObjectBytes(client(), { bucket: 'objects', key: 'data/model.tar.gz' })),
    ).toEqual([1, 2, 3]);
    expect(await listObjectKeys(client(), { bucket: 'objects', key: 'data/' })).toEqual([
      'data/model.tar.gz',
      'data/x.txt',
    ]);
  });

  it('a missing object is a user error naming its URI', async () => {
    const error = await readObjectText(client(), { bucket: 'objects', key: 'nope.json' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(
      /^s3:GetObject on s3:\/\/objects\/nope\.json failed: NoSuchKey/,
    );
  });

  it("hashes an object's bytes (SHA-256, hex) when S3 holds no checksum of its own; a missing one is undefined", async () => {
    const bytes = Buffer.from('model weights\n'.repeat(100_000));
    const at = { bucket: 'objects', key: 'models/job/output/model.tar.gz' };
    await putObject(client(), at, bytes);
    expect(await objectSha256(client(), at)).toEqual({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      source: 'computed',
      bytes: bytes.length,
    });
    expect(await objectSha256(client(), { bucket: 'objects', key: 'models/none.tar.gz' })).toBeUndefined();
  });

  it('publishes report files under a prefix (with or without its slash) and returns their URIs', async () => {
    const files = [
      { name: 'r-1.html', body: '<p>r</p>', contentType: 'text/html; charset=utf-8' },
      { name: 'r-1.json', body: '{}', contentType: 'application/json' },
    ];
    expect(await publishUnder(client(), { bucket: 'objects', key: 'reports/' }, files)).toEqual([
      's3://objects/reports/r-1.html',
      's3://objects/reports/r-1.json',
    ]);
    expect(await publishUnder(client(), { bucket: 'objects', key: 'reports' }, files.slice(0, 1))).toEqual([
      's3://objects/reports/r-1.html',
    ]);
    expect(await readObjectText(client(), { bucket: 'objects', key: 'reports/r-1.html' })).toBe('<p>r</p>');
  });
});

describe('objectSha256 with checksums S3 stored', () => {
  const sha = createHash('sha256').update('abc').digest();
  const head = (answer: Record<string, unknown>) =>
    ({
      send: async (command: { constructor: { name: string } }) => {
        if (command.constructor.name !== 'HeadObjectCommand') throw new Error('no download expected');
        return answer;
      },
    }) as never;

  it("uses S3's full-object SHA-256 without downloading the object", async () => {
    const digest = await objectSha256(
      head({ ChecksumSHA256: sha.toString('base64'), ChecksumType: 'FULL_OBJECT', ContentLength: 3 }),
      { bucket: 'b', key: 'k' },
    );
    expect(digest).toEqual({ sha256: sha.toString('hex'), source: 's3-checksum', bytes: 3 });
  });

  it("never trusts a CRC or a multipart upload's checksum of part checksums: it hashes the bytes", async () => {
    for (const answer of [
      { ChecksumCRC32: 'AAAAAA==' },
      { ChecksumSHA256: `${sha.toString('base64')}-3`, ChecksumType: 'COMPOSITE' },
    ])
      await expect(objectSha256(head(answer), { bucket: 'b', key: 'k' })).rejects.toThrow(
        /no download expected/,
      );
  });
});

describe('objectUnder', () => {
  it('puts one slash between prefix and name, none at the bucket root', () => {
    expect(objectUnder({ bucket: 'b', key: 'ledger//' }, 'p/1.json')).toEqual({
      bucket: 'b',
      key: 'ledger/p/1.json',
    });
    expect(objectUnder({ bucket: 'b', key: '' }, 'p/1.json')).toEqual({ bucket: 'b', key: 'p/1.json' });
    expect(objectUnder({ bucket: 'b', key: 'ledger' }, '')).toEqual({ bucket: 'b', key: 'ledger/' });
  });
});
