import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsClients } from '@mlops-actions/aws';
import { describe, expect, it } from 'vitest';
import { useLocalS3 } from '../../../test/harness/s3.js';
import { appendRecord, checkRecordName, listRecords, readRecord } from './records.js';

describe('append-only records', () => {
  it('creates a local record once and never overwrites it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    expect(await appendRecord(dir, 'evaluations/run-1.json', '{"a":1}')).toMatchObject({ created: true });
    expect(await appendRecord(dir, 'evaluations/run-1.json', '{"a":2}')).toMatchObject({ created: false });
    expect(await readRecord(dir, 'evaluations/run-1.json')).toBe('{"a":1}');
    expect(await listRecords(dir)).toEqual(['evaluations/run-1.json']);
    expect(await listRecords(join(dir, 'missing'))).toEqual([]);
  });

  it('lets exactly one of many concurrent local writers win', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => appendRecord(dir, 'r.json', String(i))),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('refuses names that would leave the location', () => {
    for (const name of ['../x.json', '/etc/passwd', 'a/../../b', 'a//b', '', 'a b.json', 's3://other/x']) {
      expect(() => checkRecordName(name), name).toThrow('is not allowed');
    }
  });

  describe('on S3 (conditional writes)', () => {
    const server = useLocalS3(['ledger']);

    it('writes with If-None-Match and reports an existing record instead of overwriting it', async () => {
      const s3 = awsClients.s3();
      expect(await appendRecord('s3://ledger/prod', 'p/1.json', 'first', { s3 })).toEqual({
        uri: 's3://ledger/prod/p/1.json',
        created: true,
      });
      expect(await appendRecord('s3://ledger/prod', 'p/1.json', 'second', { s3 })).toMatchObject({
        created: false,
      });
      expect(await readRecord('s3://ledger/prod', 'p/1.json', { s3 })).toBe('first');
      expect(await listRecords('s3://ledger/prod', { s3 })).toEqual(['p/1.json']);
      expect(server.requests.filter((r) => r.method === 'PUT').every((r) => r.ifNoneMatch === '*')).toBe(
        true,
      );
    });

    it('lets exactly one of concurrent S3 writers win', async () => {
      const s3 = awsClients.s3();
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => appendRecord('s3://ledger/race', 'r.json', String(i), { s3 })),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
    });
  });
});
