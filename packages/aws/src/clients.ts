import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { resolveRegion } from './region.js';

/** Settings every client gets. Endpoints are deliberately absent: the SDK reads AWS_ENDPOINT_URL* itself. */
export interface AwsClientSettings {
  region: string;
  retryMode: 'standard';
  maxAttempts: number;
  customUserAgent: string;
}

export const USER_AGENT = 'mlops-actions/0.1';

/** Common client settings: standard retry mode (throttling is retried with backoff) and our user agent. */
export function clientSettings(env: NodeJS.ProcessEnv = process.env, region?: string): AwsClientSettings {
  return {
    region: resolveRegion(env, region),
    retryMode: 'standard',
    maxAttempts: Number(env.AWS_MAX_ATTEMPTS) || 5,
    customUserAgent: USER_AGENT,
  };
}

/**
 * Custom S3-compatible endpoints (a local server, MinIO) generally need path-style addressing, so it is used when
 * AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL is set; AWS_S3_FORCE_PATH_STYLE=true|false overrides.
 */
export function s3PathStyle(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.AWS_S3_FORCE_PATH_STYLE) return env.AWS_S3_FORCE_PATH_STYLE === 'true';
  return Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
}

/** The one place clients are built. */
export const awsClients = {
  s3: (env: NodeJS.ProcessEnv = process.env, region?: string) =>
    new S3Client({ ...clientSettings(env, region), forcePathStyle: s3PathStyle(env) }),
  sagemaker: (env: NodeJS.ProcessEnv = process.env, region?: string) =>
    new SageMakerClient(clientSettings(env, region)),
  cloudformation: (env: NodeJS.ProcessEnv = process.env, region?: string) =>
    new CloudFormationClient(clientSettings(env, region)),
  logs: (env: NodeJS.ProcessEnv = process.env, region?: string) =>
    new CloudWatchLogsClient(clientSettings(env, region)),
  athena: (env: NodeJS.ProcessEnv = process.env, region?: string) =>
    new AthenaClient(clientSettings(env, region)),
};

/** The AWS clients an action's logic may use, built on first use (so a run on local files builds none). */
export interface AwsClients {
  s3(): S3Client;
  sagemaker(): SageMakerClient;
  cloudformation(): CloudFormationClient;
  logs(): CloudWatchLogsClient;
  athena(): AthenaClient;
}

/** Clients from the standard chain for this environment, each built once, when first asked for. */
export function lazyAwsClients(env: NodeJS.ProcessEnv = process.env): AwsClients {
  let s3: S3Client | undefined;
  let sagemaker: SageMakerClient | undefined;
  let cloudformation: CloudFormationClient | undefined;
  let logs: CloudWatchLogsClient | undefined;
  let athena: AthenaClient | undefined;
  return {
    s3: () => (s3 ??= awsClients.s3(env)),
    sagemaker: () => (sagemaker ??= awsClients.sagemaker(env)),
    cloudformation: () => (cloudformation ??= awsClients.cloudformation(env)),
    logs: () => (logs ??= awsClients.logs(env)),
    athena: () => (athena ??= awsClients.athena(env)),
  };
}
