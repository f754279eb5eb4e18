import type {
  DescribeEndpointOutput,
  DescribeModelPackageOutput,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { describeModelPackage, endpointModelPackage, listModelPackages } from '@mlops-actions/aws';
import { UserError } from '@mlops-actions/core';
import type { PromoteInputs } from './inputs.js';
import { PREVIOUS_KEY } from './requests.js';

/** The package that is in production now: the endpoint's model, or the newest Approved package (registry-only). */
export async function currentProduction(
  sm: SageMakerClient,
  inputs: PromoteInputs,
  endpoint: DescribeEndpointOutput | undefined,
): Promise<string | undefined> {
  if (inputs.target === 'registry-only')
    return (await listModelPackages(sm, inputs.group, { status: 'Approved', max: 1 }))[0]?.arn;
  return endpointModelPackage(sm, endpoint);
}

async function packageArnFor(
  sm: SageMakerClient,
  inputs: PromoteInputs,
  production: string | undefined,
  ledgerPrevious: () => Promise<string | undefined>,
): Promise<string> {
  const spec = inputs.spec;
  if (spec.kind === 'arn') return spec.arn;
  if (spec.kind === 'latest-pending') {
    const arn = (await listModelPackages(sm, inputs.group, { status: 'PendingManualApproval', max: 1 }))[0]
      ?.arn;
    if (!arn)
      throw new UserError(
        `Model package group ${inputs.group} has no package waiting for approval (latest-pending).`,
        { hint: 'Register one with run-training (register:), or name a version.' },
      );
    return arn;
  }
  if (spec.kind === 'version') {
    const arn = (await listModelPackages(sm, inputs.group, { max: 1000 })).find(
      (p) => p.version === spec.version,
    )?.arn;
    if (!arn) throw new UserError(`Model package group ${inputs.group} has no version ${spec.version}.`);
    return arn;
  }
  if (!production)
    throw new UserError(
      `model-package: previous: there is no model in production${inputs.target === 'endpoint' ? ` on endpoint ${inputs.endpointName}` : ` in ${inputs.group}`} to roll back from.`,
    );
  const current = await describeModelPackage(sm, production);
  const arn = current.CustomerMetadataProperties?.[PREVIOUS_KEY] || (await ledgerPrevious());
  if (!arn)
    throw new UserError(
      `model-package: previous: no earlier production model is recorded for ${production}.`,
      {
        hint: 'Name the version to roll back to instead.',
      },
    );
  return arn;
}

/** Resolve `model-package` to a package of the group, checked to be usable. */
export async function resolvePackage(
  sm: SageMakerClient,
  inputs: PromoteInputs,
  production: string | undefined,
  ledgerPrevious: () => Promise<string | undefined>,
): Promise<DescribeModelPackageOutput> {
  const arn = await packageArnFor(sm, inputs, production, ledgerPrevious);
  const pkg = await describeModelPackage(sm, arn);
  if (pkg.ModelPackageGroupName !== inputs.group)
    throw new UserError(
      `Model package ${arn} belongs to group ${pkg.ModelPackageGroupName}, not ${inputs.group}.`,
    );
  if (pkg.ModelApprovalStatus === 'Rejected')
    throw new UserError(
      `Model package ${arn} is Rejected in the registry${pkg.ApprovalDescription ? ` (${pkg.ApprovalDescription})` : ''}.`,
      { hint: 'Set it back to PendingManualApproval in the registry if it should be promoted after all.' },
    );
  if (pkg.ModelPackageStatus && pkg.ModelPackageStatus !== 'Completed')
    throw new UserError(`Model package ${arn} is ${pkg.ModelPackageStatus}, not Completed.`);
  return pkg;
}
