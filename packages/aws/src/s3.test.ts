import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '@mlops-actions/core';
import { describe, expect, it } from 'vitest';
import { useLocalS3 } from '../../../test/harness/s3.js';
import { awsClients } from './clients.js';
import {
  listObjectKeys,
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
