// The opt-in emulator suite runs the bundled actions against an AWS API emulator (moto; LocalStack where a tier has
// SageMaker) at AWS_EMULATOR_URL, with no mocks in the action's process: real SDK requests, real wire protocols.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

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
