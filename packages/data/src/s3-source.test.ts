import { PutObjectCommand } from '@aws-sdk/client-s3';
import { awsClients } from '@mlops-actions/aws';
import { beforeAll, describe, expect, it } from 'vitest';
import { useLocalS3 } from '../../../test/harness/s3.js';
import { readBatches } from './read.js';
import { listSources } from './sources.js';

describe('S3 sources (real S3 protocol on loopback, endpoint from AWS_ENDPOINT_URL_S3)', () => {
  // The SDK reads AWS_ENDPOINT_URL_S3 and credentials from the process environment itself.
  useLocalS3(['preds']);
  const env = process.env;
  beforeAll(async () => {
    const s3 = awsClients.s3(env);
    const put = (Key: string, Body: string) => s3.send(new PutObjectCommand({ Bucket: 'preds', Key, Body }));
    await put('daily/2026-01-02.csv', 'id,score\nb,0.2\n');
    await put('daily/2026-01-01.csv', 'id,score\na,0.1\n');
    await put('daily/_SUCCESS', 'x');
    await put('daily2/other.csv', 'id,score\nz,0.9\n');
    await put('capture/ep/AllTraffic/2024/11/30/16/c.jsonl', '{}\n');
    await put('capture/ep/AllTraffic/2026/11/29/14/c.jsonl', '{}\n');
    await put('capture/ep/AllTraffic/2026/11/30/07/c.jsonl', '{}\n');
  });

  it('lists only the hourly partitions of a period (lookback) over the S3 protocol', async () => {
    const to = Date.parse('2026-11-30T06:59:59Z');
    const objects = await listSources('s3://preds/capture/ep/', {
      s3: awsClients.s3(env),
      period: { from: to - 84 * 86_400_000, to },
    });
    expect(objects.map((o) => o.name)).toEqual(['s3://preds/capture/ep/AllTraffic/2026/11/29/14/c.jsonl']);
  });

  it('lists every object under a prefix in key order, skipping markers and sibling prefixes', async () => {
    const objects = await listSources('s3://preds/daily', { s3: awsClients.s3(env) });
    expect(objects.map((o) => o.name)).toEqual([
      's3://preds/daily/2026-01-01.csv',
      's3://preds/daily/2026-01-02.csv',
    ]);
  });

  it('streams batches from S3 objects', async () => {
    const ids: string[] = [];
    for await (const batch of readBatches('s3://preds/daily/', {
      columns: new Map(Object.entries({ id: 'string' })),
      s3: awsClients.s3(env),
    })) {
      ids.push(...(batch.columns.get('id') as { values: string[] }).values);
    }
    expect(ids).toEqual(['a', 'b']);
  });

  it('says which prefix was empty', async () => {
    await expect(
      listSources('s3://preds/nothing/', { s3: awsClients.s3(env), inputName: 'champion' }),
    ).rejects.toThrow('Input "champion": no object found under "s3://preds/nothing/".');
  });
});
