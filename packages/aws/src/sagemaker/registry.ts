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

/** Create the model package group unless it exists (a concurrent creation counts as existing). */
export async function ensureModelPackageGroup(
  sm: SageMakerClient,
  group: string,
  description: string,
  logger: ProgressLog,
): Promise<void> {
  try {
    await sm.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: group }));
    return;
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
  } catch (error) {
    if (isAlreadyExists(error)) return;
    throw explainAwsError(error, 'sagemaker:CreateModelPackageGroup');
  }
}

/** Register a model package (creating its group when missing); returns its ARN. */
export async function createModelPackage(
  sm: SageMakerClient,
  request: CreateModelPackageInput,
  logger: ProgressLog,
): Promise<string> {
  const group = request.ModelPackageGroupName!;
  await ensureModelPackageGroup(sm, group, 'Created by mlops-actions/run-training', logger);
  try {
    const { ModelPackageArn } = await sm.send(new CreateModelPackageCommand(request));
    logger.info(`Registered ${ModelPackageArn} (PendingManualApproval)`);
    return ModelPackageArn!;
  } catch (error) {
    throw explainAwsError(error, 'sagemaker:CreateModelPackage', { detail: ` in ${group}` });
  }
}

/** Describe a model package; a missing one is a user error naming it. */
export async function describeModelPackage(
  sm: SageMakerClient,
  arn: string,
): Promise<DescribeModelPackageOutput> {
  try {
    return await sm.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
  } catch (error) {
    if (isNotFound(error)) throw new UserError(`Model package ${arn} does not exist.`, { cause: error });
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
  options: { status?: 'Approved' | 'PendingManualApproval'; max?: number } = {},
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
        throw new UserError(`Model package group ${group} does not exist.`, { cause: error });
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
