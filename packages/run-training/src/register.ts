import { createHash } from 'node:crypto';
import type { CreateModelPackageInput } from '@aws-sdk/client-sagemaker';
import { ARTIFACT_SHA256_KEY } from '@mlops-actions/core';
import type { RunContext } from '@mlops-actions/github';

/** The CreateModelPackage request for a finished job; ClientToken makes a re-run return the same package. */
export function modelPackageRequest(options: {
  group: string;
  jobName: string;
  modelArtifact: string;
  /** The artifact's SHA-256 (hex), which promote-model checks before it deploys the package. */
  artifactSha256: string;
  image: string;
  contentTypes: string[];
  /** Script mode: where the serving container finds the code (SAGEMAKER_PROGRAM, SAGEMAKER_SUBMIT_DIRECTORY). */
  environment?: Record<string, string>;
  metrics: { MetricName?: string; Value?: number }[];
  context: RunContext;
}): CreateModelPackageInput {
  const { context } = options;
  const repository = context.repository ? `${context.repository.owner}/${context.repository.repo}` : '';
  // The checksum first: metrics fill the 50 properties SageMaker allows, and it must never be the one left out.
  const properties: Record<string, string> = {
    [ARTIFACT_SHA256_KEY]: options.artifactSha256,
    'training-job': options.jobName,
  };
  if (context.sha) properties['git-sha'] = context.sha;
  if (repository) properties.repository = repository;
  if (context.runUrl) properties['run-url'] = context.runUrl;
  if (context.actor) properties.actor = context.actor;
  for (const m of options.metrics)
    if (m.MetricName && Object.keys(properties).length < 50)
      properties[`metric:${m.MetricName}`.slice(0, 128)] = String(m.Value);
  return {
    ModelPackageGroupName: options.group,
    ModelPackageDescription:
      `Trained by ${options.jobName}${context.sha ? ` at ${context.sha.slice(0, 12)}` : ''}`.slice(0, 1024),
    ModelApprovalStatus: 'PendingManualApproval',
    InferenceSpecification: {
      Containers: [
        {
          Image: options.image,
          ModelDataUrl: options.modelArtifact,
          ...(options.environment ? { Environment: options.environment } : {}),
        },
      ],
      SupportedContentTypes: options.contentTypes,
      SupportedResponseMIMETypes: options.contentTypes,
    },
    MetadataProperties: {
      ...(context.sha ? { CommitId: context.sha } : {}),
      ...(repository ? { Repository: `${context.serverUrl}/${repository}` } : {}),
      ...(context.runUrl ? { GeneratedBy: context.runUrl } : {}),
    },
    CustomerMetadataProperties: properties,
    ClientToken: createHash('sha256')
      .update(`${options.group}\n${options.modelArtifact}`)
      .digest('hex')
      .slice(0, 36),
  };
}
