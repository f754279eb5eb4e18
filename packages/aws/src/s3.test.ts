import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '@mlops-actions/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalS3 } from '../../../test/harness/s3.js';
import { awsClients } from './clients.js';
import {
  listObjectKeys,
  putObject,
  putObjectIfAbsent,
  readObjectBytes,
  readObjectText,
  uploadFile,
} from './s3.js';

describe('S3 object operations (against a local S3 server)', () => {
  const server = new LocalS3();
  let s3: ReturnType<typeof awsClients.s3>;
  beforeAll(async () => {
    await server.start(['objects']);
    // The SDK reads the endpoint and credentials from process.env.
    for (const [name, value] of Object.entries(server.env())) vi.stubEnv(name, value);
    s3 = awsClients.s3();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await server.stop();
  });

  it('put-if-absent creates once and reports the taken key without overwriting', async () => {
    const at = { bucket: 'objects', key: 'ledger/a.json' };
    expect(await putObjectIfAbsent(s3, at, '{"first":true}')).toBe(true);
    expect(await putObjectIfAbsent(s3, at, '{"second":true}')).toBe(false);
    expect(await readObjectText(s3, at)).toBe('{"first":true}');
  });

  it('put replaces; upload sends a local file; bytes and keys read back', async () => {
    const at = { bucket: 'objects', key: 'data/x.txt' };
    await putObject(s3, at, 'one', 'text/plain');
    await putObject(s3, at, 'two');
    expect(await readObjectText(s3, at)).toBe('two');
    const file = join(mkdtempSync(join(tmpdir(), 'upload-')), 'model.tar.gz');
    writeFileSync(file, Buffer.from([1, 2, 3]));
    await uploadFile(s3, file, { bucket: 'objects', key: 'data/model.tar.gz' });
    expect(Array.from(await readObjectBytes(s3, { bucket: 'objects', key: 'data/model.tar.gz' }))).toEqual([
      1, 2, 3,
    ]);
    expect(await listObjectKeys(s3, { bucket: 'objects', key: 'data/' })).toEqual([
      'data/model.tar.gz',
      'data/x.txt',
    ]);
  });

  it('a missing object is a user error naming its URI', async () => {
    const error = await readObjectText(s3, { bucket: 'objects', key: 'nope.json' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(
      /^s3:GetObject on s3:\/\/objects\/nope\.json failed: NoSuchKey/,
    );
  });
});
