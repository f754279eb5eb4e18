import type { DescribeModelPackageOutput } from '@aws-sdk/client-sagemaker';
import { objectSha256 } from '@mlops-actions/aws';
import { ARTIFACT_SHA256_KEY, UserError, verifyArtifact } from '@mlops-actions/core';
import { parseS3Uri } from '@mlops-actions/data';
import type { ActionDeps } from '@mlops-actions/github';
import type { PromoteInputs } from './inputs.js';

/**
 * Refuse to promote a package whose model artifact is not the one registered (core's verifyArtifact): the S3 object's
 * SHA-256 now against the one run-training recorded in the package's metadata. Read-only, so a dry run checks too.
 */
export async function checkRegisteredArtifact(
  pkg: DescribeModelPackageOutput,
  inputs: PromoteInputs,
  deps: ActionDeps,
): Promise<void> {
  const arn = pkg.ModelPackageArn!;
  const artifact = pkg.InferenceSpecification?.Containers?.find((c) => c.ModelDataUrl)?.ModelDataUrl;
  const recorded = pkg.CustomerMetadataProperties?.[ARTIFACT_SHA256_KEY];
  const at = artifact ? parseS3Uri(artifact) : undefined;
  let observed: string | null | undefined;
  if (recorded && at) {
    deps.logger.info(`Checking the model artifact ${artifact} against the SHA-256 recorded at registration`);
    observed = (await objectSha256(deps.aws.s3(), at))?.sha256 ?? null;
  }
  const verdict = verifyArtifact({
    packageArn: arn,
    artifact,
    recorded,
    observed,
    allowUnverified: inputs.allowUnverifiedArtifact,
  });
  if (!verdict.ok) throw new UserError(verdict.reason, { hint: verdict.hint });
  if (verdict.warning) deps.logger.warning(verdict.warning);
  deps.logger.info(verdict.note);
}
