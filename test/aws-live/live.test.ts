// What only AWS can show, against a real account. Skipped unless MLOPS_LIVE_AWS=1 and credentials resolve through
// the standard chain (environment, profile, SSO, or OIDC via aws-actions/configure-aws-credentials).
//
//   MLOPS_LIVE_AWS=1 AWS_REGION=eu-west-1 MLOPS_LIVE_S3=s3://my-bucket/mlops-live pnpm test:aws
//
// It creates objects only under MLOPS_LIVE_S3/<run id>/ and deletes them afterwards; it creates no stacks, jobs or
// model packages (those are covered at the SDK level in the main suite). Needs s3:PutObject/GetObject/ListBucket/
// DeleteObject on that prefix, cloudformation:ValidateTemplate and sagemaker:DescribeModelPackageGroup.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeModelPackageGroupCommand } from '@aws-sdk/client-sagemaker';
import { awsClients, isNotFound } from '@mlops-actions/aws';
import { appendRecord, listRecords, parseS3Uri, readBatches } from '@mlops-actions/data';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const live = process.env.MLOPS_LIVE_AWS === '1';
const base = process.env.MLOPS_LIVE_S3 ?? '';
const runId = `${Date.now()}-${process.pid}`;
const prefix = `${base.replace(/\/+$/, '')}/${runId}`;

describe.skipIf(!live)('real AWS (opt-in)', () => {
  const env = process.env;
  const s3 = live ? awsClients.s3(env) : undefined!;
  const location = parseS3Uri(prefix);

  afterAll(async () => {
    if (!live || !location) return;
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: location.bucket, Prefix: `${location.key}/` }),
    );
    const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length)
      await s3.send(new DeleteObjectsCommand({ Bucket: location.bucket, Delete: { Objects: keys } }));
  });

  it.skipIf(!base)(
    'S3 conditional writes: a ledger record is written once and never overwritten',
    async () => {
      const first = await appendRecord(`${prefix}/ledger`, 'promotions/0001.json', '{"n":1}\n', { s3 });
      const second = await appendRecord(`${prefix}/ledger`, 'promotions/0001.json', '{"n":2}\n', { s3 });
      expect(first.created).toBe(true);
      expect(second.created).toBe(false); // 412 PreconditionFailed from real S3, not an overwrite
      expect(await listRecords(`${prefix}/ledger`, { s3 })).toEqual(['promotions/0001.json']);
      const rows: string[] = [];
      for await (const batch of readBatches(`${prefix}/ledger/promotions/`, {
        columns: new Map(Object.entries({ n: 'number' })),
        s3,
        inputName: 'ledger',
        format: 'jsonl',
      }))
        rows.push(...Array.from(batch.columns.get('n')!.values as Float64Array, String));
      expect(rows).toEqual(['1']);
    },
  );

  it.skipIf(!base)('reads a prefix of several objects in key order through the real SDK stream', async () => {
    for (const [name, body] of [
      ['b.csv', 'x\n3\n4\n'],
      ['a.csv', 'x\n1\n2\n'],
    ])
      await s3.send(
        new PutObjectCommand({ Bucket: location!.bucket, Key: `${location!.key}/data/${name}`, Body: body }),
      );
    const values: number[] = [];
    for await (const batch of readBatches(`${prefix}/data/`, {
      columns: new Map(Object.entries({ x: 'number' })),
      s3,
      inputName: 'data',
    }))
      values.push(...(batch.columns.get('x')!.values as Float64Array));
    expect(values).toEqual([1, 2, 3, 4]);
  });

  it('CloudFormation accepts the shipped infrastructure template', async () => {
    const template = readFileSync(join(root, 'examples/infrastructure/template.yaml'), 'utf8');
    const res = await awsClients
      .cloudformation(env)
      .send(new ValidateTemplateCommand({ TemplateBody: template }));
    expect(res.Parameters?.length).toBeGreaterThan(0);
  });

  it('SageMaker reports a missing model package group the way run-training expects', async () => {
    const error = await awsClients
      .sagemaker(env)
      .send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: `mlops-live-missing-${runId}` }))
      .then(
        () => undefined,
        (e: Error) => e,
      );
    // ensureModelPackageGroup (packages/aws) treats it as "not there yet, create it" through isNotFound.
    expect(['ValidationException', 'ResourceNotFound']).toContain(error?.name);
    expect(isNotFound(error)).toBe(true);
  });
});
