import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateModelPackageGroupCommand,
  DescribeEndpointCommand,
  DescribeModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, it } from 'vitest';
import { runStep } from '../harness/runner.js';
import {
  ACCOUNT,
  createBucket,
  emulatorEnv,
  emulatorS3,
  emulatorSageMaker,
  emulatorUrl,
  MODEL_ARTIFACT,
  REGION,
  registerModelPackage,
  resetEmulator,
} from './emulator.js';

const sm = emulatorSageMaker;
const registerPackage = () => registerModelPackage('purchases');

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
    expect(first.log).toMatch(/matches the SHA-256 recorded at registration/);
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

  it('refuses a package whose artifact was rewritten after registration, changing nothing', async () => {
    const arn = await registerPackage();
    await emulatorS3().send(
      new PutObjectCommand({ Bucket: MODEL_ARTIFACT.bucket, Key: MODEL_ARTIFACT.key, Body: 'swapped' }),
    );
    const res = await runStep('promote-model', {
      env: emulatorEnv(),
      event: 'workflow_dispatch',
      runId: '9200',
      inputs: { ...inputs, 'model-package': arn },
    });
    expect(res.exitCode).not.toBe(0);
    expect(res.errors.join('\n')).toMatch(
      /Promotion refused: the model artifact s3:\/\/ml-bucket\/models\/job\/output\/model\.tar\.gz of .* changed after registration: its SHA-256 is [0-9a-f]{64}, the one recorded at registration [0-9a-f]{64}\./,
    );
    const pkg = await sm().send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
    expect(pkg.ModelApprovalStatus).toBe('PendingManualApproval');
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
