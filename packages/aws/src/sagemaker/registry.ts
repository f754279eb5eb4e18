import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  type CreateModelPackageInput,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  type DescribeModelPackageOutput,
  ListModelPackagesCommand,
  type ListModelPackagesCommandOutput,
  type SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { UserError } from '@mlops-actions/core';
import { explainAwsError, isAlreadyExists, isNotFound } from '../errors.js';
import type { ProgressLog } from '../wait.js';

/** Create the model package group unless it exists (a concurrent creation counts as existing); true when created. */
async function ensureModelPackageGroup(
  sm: SageMakerClient,
  group: string,
  description: string,
  logger: ProgressLog,
): Promise<boolean> {
  try {
    await sm.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: group }));
    return false;
  } catch (error) {
    if (!isNotFound(error)) throw explainAwsError(error, 'sagemaker:DescribeModelPackageGroup');
  }
  try {
    await sm.send(
      new CreateModelPackageGroupCommand({
        ModelPackageGroupName: group,
        ModelPackageGroupDescription: description,
      }),
    );
    logger.info(`Created model package group ${group}`);
    return true;
  } catch (error) {
    if (isAlreadyExists(error)) return false;
    throw explainAwsError(error, 'sagemaker:CreateModelPackageGroup');
  }
}

/** How many of a group's newest packages a registration looks through for one of the same model artifact. */
const RECENT_PACKAGES = 20;

/** A recent package of the group serving this model artifact (an earlier run registered it), if any. */
async function packageForArtifact(
  sm: SageMakerClient,
  group: string,
  modelDataUrl: string,
): Promise<string | undefined> {
  for (const p of await listModelPackages(sm, group, { max: RECENT_PACKAGES })) {
    const pkg = await describeModelPackage(sm, p.arn);
    if (pkg.InferenceSpecification?.Containers?.some((c) => c.ModelDataUrl === modelDataUrl)) return p.arn;
  }
  return undefined;
}

/** Register a model package (creating its group when missing) unless its artifact is registered; returns its ARN. */
export async function createModelPackage(
  sm: SageMakerClient,
  request: CreateModelPackageInput,
  logger: ProgressLog,
): Promise<string> {
  const group = request.ModelPackageGroupName!;
  const created = await ensureModelPackageGroup(sm, group, 'Created by mlops-actions/run-training', logger);
  // ClientToken makes a re-run return the same package on AWS, but not on every emulator and not forever:
  // a package of the same artifact in the group is the one this run registered before.
  const artifact = request.InferenceSpecification?.Containers?.[0]?.ModelDataUrl;
  const existing = !created && artifact ? await packageForArtifact(sm, group, artifact) : undefined;
  if (existing) {
    logger.info(`${artifact} is already registered as ${existing}; not registering it again.`);
    return existing;
  }
  try {
    const { ModelPackageArn } = await sm.send(new CreateModelPackageCommand(request));
    logger.info(`Registered ${ModelPackageArn} (PendingManualApproval)`);
    return ModelPackageArn!;
  } catch (error) {
    throw explainAwsError(error, 'sagemaker:CreateModelPackage', { detail: ` in ${group}` });
  }
}

/** ` (input "x")` after a message about a value that came from that input. */
const fromInput = (input: string | undefined) => (input ? ` (input "${input}")` : '');

/** Describe a model package; a missing one is a user error naming it (and the input it came from, when given). */
export async function describeModelPackage(
  sm: SageMakerClient,
  arn: string,
  input?: string,
): Promise<DescribeModelPackageOutput> {
  try {
    return await sm.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
  } catch (error) {
    if (isNotFound(error))
      throw new UserError(`Model package ${arn} does not exist${fromInput(input)}.`, { cause: error });
    throw explainAwsError(error, 'sagemaker:DescribeModelPackage');
  }
}

/** A model package as listed: ARN, version and approval status. */
export interface ModelPackageSummary {
  arn: string;
  version: number;
  status: string;
}

/** Packages of a group, newest first (the list API sorts ascending by default, which would give the oldest). */
export async function listModelPackages(
  sm: SageMakerClient,
  group: string,
  options: { status?: 'Approved' | 'PendingManualApproval'; max?: number; input?: string } = {},
): Promise<ModelPackageSummary[]> {
  const max = options.max ?? 100;
  const out: ModelPackageSummary[] = [];
  let token: string | undefined;
  do {
    let page: ListModelPackagesCommandOutput;
    try {
      page = await sm.send(
        new ListModelPackagesCommand({
          ModelPackageGroupName: group,
          ModelPackageType: 'Versioned',
          SortBy: 'CreationTime',
          SortOrder: 'Descending',
          ...(options.status ? { ModelApprovalStatus: options.status } : {}),
          MaxResults: Math.min(max, 100),
          NextToken: token,
        }),
      );
    } catch (error) {
      if (isNotFound(error))
        throw new UserError(`Model package group ${group} does not exist${fromInput(options.input)}.`, {
          cause: error,
        });
      throw explainAwsError(error, 'sagemaker:ListModelPackages');
    }
    for (const p of page.ModelPackageSummaryList ?? [])
      out.push({
        arn: p.ModelPackageArn!,
        version: p.ModelPackageVersion ?? 0,
        status: p.ModelApprovalStatus ?? '',
      });
    token = out.length < max ? page.NextToken : undefined;
  } while (token);
  return out;
}

/** Set a package's approval status with a description (and, optionally, customer metadata to record with it). */
export async function setModelPackageApproval(
  sm: SageMakerClient,
  arn: string,
  status: 'Approved' | 'Rejected',
  description: string,
  metadata?: Record<string, string>,
): Promise<void> {
  try {
    await sm.send(
      new UpdateModelPackageCommand({
        ModelPackageArn: arn,
        ModelApprovalStatus: status,
        ApprovalDescription: description.slice(0, 1024),
        ...(metadata ? { CustomerMetadataProperties: metadata } : {}),
      }),
    );
  } catch (error) {
    throw explainAwsError(error, 'sagemaker:UpdateModelPackage');
  }
}
