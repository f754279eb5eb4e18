import {
  CreateModelPackageCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  ListModelPackagesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createModelPackage } from './registry.js';

const sm = mockClient(SageMakerClient);
const arn = (v: number) => `arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/${v}`;
const artifact = (job: string) => `s3://ml-bucket/models/${job}/output/model.tar.gz`;
const request = {
  ModelPackageGroupName: 'purchases',
  ModelApprovalStatus: 'PendingManualApproval' as const,
  InferenceSpecification: {
    Containers: [{ Image: 'infer:1', ModelDataUrl: artifact('job-2') }],
    SupportedContentTypes: ['text/csv'],
    SupportedResponseMIMETypes: ['text/csv'],
  },
  ClientToken: 'token',
};
const log = {
  lines: [] as string[],
  info(m: string) {
    this.lines.push(m);
  },
  warning(m: string) {
    this.lines.push(m);
  },
};

describe('createModelPackage', () => {
  beforeEach(() => {
    sm.reset();
    log.lines.length = 0;
    sm.on(DescribeModelPackageGroupCommand).resolves({ ModelPackageGroupName: 'purchases' });
    sm.on(ListModelPackagesCommand).resolves({
      ModelPackageSummaryList: [
        { ModelPackageArn: arn(2), ModelPackageVersion: 2 },
        { ModelPackageArn: arn(1), ModelPackageVersion: 1 },
      ] as never,
    });
    sm.on(DescribeModelPackageCommand, { ModelPackageName: arn(1) }).resolves({
      ModelPackageArn: arn(1),
      InferenceSpecification: {
        Containers: [{ Image: 'infer:1', ModelDataUrl: artifact('job-1') }],
      } as never,
    });
    sm.on(CreateModelPackageCommand).resolves({ ModelPackageArn: arn(3) });
  });

  it('returns the package already registered for the same artifact (a re-run), creating none', async () => {
    sm.on(DescribeModelPackageCommand, { ModelPackageName: arn(2) }).resolves({
      ModelPackageArn: arn(2),
      InferenceSpecification: {
        Containers: [{ Image: 'infer:1', ModelDataUrl: artifact('job-2') }],
      } as never,
    });
    expect(await createModelPackage(new SageMakerClient({ region: 'eu-west-1' }), request, log)).toBe(arn(2));
    expect(sm.commandCalls(CreateModelPackageCommand)).toHaveLength(0);
    expect(log.lines).toEqual([
      `${artifact('job-2')} is already registered as ${arn(2)}; not registering it again.`,
    ]);
  });

  it('registers an artifact no recent package serves, newest first looked through', async () => {
    sm.on(DescribeModelPackageCommand, { ModelPackageName: arn(2) }).resolves({
      ModelPackageArn: arn(2),
      InferenceSpecification: {
        Containers: [{ Image: 'infer:1', ModelDataUrl: artifact('job-x') }],
      } as never,
    });
    expect(await createModelPackage(new SageMakerClient({ region: 'eu-west-1' }), request, log)).toBe(arn(3));
    expect(sm.commandCalls(CreateModelPackageCommand)[0]!.args[0].input).toEqual(request);
    expect(sm.commandCalls(ListModelPackagesCommand)[0]!.args[0].input).toMatchObject({
      ModelPackageGroupName: 'purchases',
      SortOrder: 'Descending',
    });
  });
});
