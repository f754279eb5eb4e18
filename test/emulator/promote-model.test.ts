import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DescribeEndpointCommand,
  DescribeModelPackageCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, it } from 'vitest';
import { runStep } from '../harness/runner.js';
import {
  ACCOUNT,
  createBucket,
  emulatorEnv,
  emulatorS3,
  emulatorUrl,
  REGION,
  resetEmulator,
} from './emulator.js';

const sm = () =>
  new SageMakerClient({
    region: REGION,
    endpoint: emulatorUrl,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

async function registerPackage(): Promise<string> {
  const created = await sm().send(
    new CreateModelPackageCommand({
      ModelPackageGroupName: 'purchases',
      ModelApprovalStatus: 'PendingManualApproval',
      InferenceSpecification: {
        Containers: [
          {
            Image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/serve:1`,
            ModelDataUrl: 's3://ml-bucket/models/job/output/model.tar.gz',
          },
        ],
        SupportedContentTypes: ['text/csv'],
        SupportedResponseMIMETypes: ['text/csv'],
      },
    }),
  );
  return created.ModelPackageArn!;
}

describe.skipIf(!emulatorUrl)('promote-model (bundled) against the AWS emulator', () => {
  beforeEach(async () => {
    await resetEmulator();
    await createBucket(emulatorS3(), 'ml-bucket');
    await sm().send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'purchases' }));
  });

  const inputs = {
    'model-package-group': 'purchases',
    'endpoint-name': 'purchases-prod',
    'execution-role-arn': `arn:aws:iam::${ACCOUNT}:role/sagemaker-execution`,
    ledger: 's3://ml-bucket/ledger/',
    'poll-interval': '1s',
    reason: 'emulator test',
  };

  it('approves the pending package, creates the endpoint, appends one ledger record; a re-run changes nothing', async () => {
    const arn = await registerPackage();
    const first = await runStep('promote-model', {
      env: emulatorEnv(),
      event: 'workflow_dispatch',
      runId: '9100',
      inputs,
    });
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs['model-package-arn']).toBe(arn);
    const pkg = await sm().send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
    expect(pkg.ModelApprovalStatus).toBe('Approved');
    const endpoint = await sm().send(new DescribeEndpointCommand({ EndpointName: 'purchases-prod' }));
    expect(endpoint.EndpointStatus).toBe('InService');
    expect(endpoint.EndpointConfigName).toBe(first.outputs['endpoint-config-name']);

    const ledger = async () =>
      (await emulatorS3().send(new ListObjectsV2Command({ Bucket: 'ml-bucket', Prefix: 'ledger/' })))
        .Contents ?? [];
    expect(await ledger()).toHaveLength(1);

    const again = await runStep('promote-model', {
      env: emulatorEnv(),
      event: 'workflow_dispatch',
      runId: '9100',
      inputs: { ...inputs, 'model-package': arn },
    });
    expect(again.errors).toEqual([]);
    expect(await ledger()).toHaveLength(1);
  });

  it('refuses a package that does not exist, naming it', async () => {
    const res = await runStep('promote-model', {
      env: emulatorEnv(),
      event: 'workflow_dispatch',
      inputs: {
        ...inputs,
        'model-package': `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/purchases/7`,
      },
    });
    expect(res.exitCode).not.toBe(0);
    expect(res.errors.join('\n')).toMatch(/purchases\/7/);
  });
});
