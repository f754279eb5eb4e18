// The opt-in emulator suite runs the bundled actions against an AWS API emulator (moto; LocalStack where a tier has
// SageMaker) at AWS_EMULATOR_URL, with no mocks in the action's process: real SDK requests, real wire protocols.
import { createHash } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateModelPackageCommand,
  SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';

/** The emulator's base URL, or undefined when the suite should skip. */
export const emulatorUrl = process.env.AWS_EMULATOR_URL?.replace(/\/+$/, '') || undefined;

if (!emulatorUrl)
  console.log(
    'emulator suite skipped: set AWS_EMULATOR_URL (e.g. http://127.0.0.1:5055 with ../shared/aws-emulator/start or `moto_server`)',
  );

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';

/** Environment for a bundled step: the standard chain with static test keys, every service at the emulator. */
export function emulatorEnv(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: emulatorUrl!,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: REGION,
    AWS_MAX_ATTEMPTS: '2',
  };
}

/** Clear every resource the emulator holds (moto's reset API), so each test starts from an empty account. */
export async function resetEmulator(): Promise<void> {
  const response = await fetch(`${emulatorUrl}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`emulator reset failed: HTTP ${response.status}`);
}

/** An S3 client for the test's own setup and assertions (path-style, as the actions use for custom endpoints). */
export function emulatorS3(): S3Client {
  return new S3Client({
    region: REGION,
    endpoint: emulatorUrl,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

/** Create a bucket in the emulator. */
export async function createBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** A SageMaker client for the test's own setup and assertions. */
export function emulatorSageMaker(): SageMakerClient {
  return new SageMakerClient({
    region: REGION,
    endpoint: emulatorUrl,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

/** Where registerModelPackage puts the model artifact (in the bucket `ml-bucket`, which the test creates). */
export const MODEL_ARTIFACT = { bucket: 'ml-bucket', key: 'models/job/output/model.tar.gz' };

/**
 * Register a model package in `group` (which must exist), as run-training would, optionally approved; its ARN. Its
 * artifact is uploaded with S3's SHA-256 checksum (what promote-model then reads without a download) and the
 * SHA-256 recorded in the package's metadata.
 */
export async function registerModelPackage(
  group: string,
  approval: 'Approved' | 'PendingManualApproval' = 'PendingManualApproval',
): Promise<string> {
  const model = Buffer.from(`model registered in ${group}`);
  await emulatorS3().send(
    new PutObjectCommand({
      Bucket: MODEL_ARTIFACT.bucket,
      Key: MODEL_ARTIFACT.key,
      Body: model,
      ChecksumAlgorithm: 'SHA256',
    }),
  );
  const sm = emulatorSageMaker();
  const { ModelPackageArn } = await sm.send(
    new CreateModelPackageCommand({
      ModelPackageGroupName: group,
      ModelApprovalStatus: 'PendingManualApproval',
      InferenceSpecification: {
        Containers: [
          {
            Image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/serve:1`,
            ModelDataUrl: `s3://${MODEL_ARTIFACT.bucket}/${MODEL_ARTIFACT.key}`,
          },
        ],
        SupportedContentTypes: ['text/csv'],
        SupportedResponseMIMETypes: ['text/csv'],
      },
      CustomerMetadataProperties: {
        'artifact-sha256': createHash('sha256').update(model).digest('hex'),
      },
    }),
  );
  if (approval === 'Approved')
    await sm.send(new UpdateModelPackageCommand({ ModelPackageArn, ModelApprovalStatus: 'Approved' }));
  return ModelPackageArn!;
}
