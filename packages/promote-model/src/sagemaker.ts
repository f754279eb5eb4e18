import { createHash } from 'node:crypto';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  type CreateEndpointConfigInput,
  CreateModelCommand,
  type DataCaptureConfig,
  type DeploymentConfig,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  type DescribeEndpointOutput,
  DescribeModelCommand,
  DescribeModelPackageCommand,
  type DescribeModelPackageOutput,
  ListModelPackagesCommand,
  type SageMakerClient,
  UpdateEndpointCommand,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { UserError } from '@mlops-actions/core';
import type { ActionDeps } from '@mlops-actions/github';
import type { PackageSpec, PromoteInputs } from './inputs.js';

/** Customer metadata key on a promoted package: the package that was in production before it. */
export const PREVIOUS_KEY = 'mlops-actions:previous-production';

type AwsError = Error & { name: string };
const notFound = (e: unknown) =>
  ['ResourceNotFound', 'ValidationException'].includes((e as AwsError).name) &&
  /not found|does not exist|Could not find/i.test((e as Error).message);

export function explain(error: unknown, action: string): never {
  const e = error as AwsError;
  if (e.name === 'AccessDeniedException')
    throw new UserError(`${action} failed: AccessDenied: ${e.message}`, {
      hint: `Add ${action} to the policy of the role assumed by configure-aws-credentials (and iam:PassRole on the execution role).`,
      cause: error,
    });
  if (e.name === 'ValidationException' || e.name === 'ResourceLimitExceeded')
    throw new UserError(`${action} failed: ${e.name}: ${e.message}`, { cause: error });
  throw error;
}

async function describePackage(sm: SageMakerClient, arn: string): Promise<DescribeModelPackageOutput> {
  try {
    return await sm.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
  } catch (error) {
    if (notFound(error)) throw new UserError(`Model package ${arn} does not exist.`);
    explain(error, 'sagemaker:DescribeModelPackage');
  }
}

/** Newest first: the list API sorts ascending by default, which would give the oldest. */
async function listPackages(
  sm: SageMakerClient,
  group: string,
  status?: 'Approved' | 'PendingManualApproval',
  max = 100,
) {
  const out: { arn: string; version: number; status: string }[] = [];
  let token: string | undefined;
  do {
    const page = await sm
      .send(
        new ListModelPackagesCommand({
          ModelPackageGroupName: group,
          ModelPackageType: 'Versioned',
          SortBy: 'CreationTime',
          SortOrder: 'Descending',
          ...(status ? { ModelApprovalStatus: status } : {}),
          MaxResults: Math.min(max, 100),
          NextToken: token,
        }),
      )
      .catch((error) => {
        if (notFound(error)) throw new UserError(`Model package group ${group} does not exist.`);
        explain(error, 'sagemaker:ListModelPackages');
      });
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

/** The package that is in production now: the endpoint's model, or the newest Approved package (registry-only). */
export async function currentProduction(
  sm: SageMakerClient,
  inputs: PromoteInputs,
  endpoint: DescribeEndpointOutput | undefined,
): Promise<string | undefined> {
  if (inputs.target === 'registry-only') return (await listPackages(sm, inputs.group, 'Approved', 1))[0]?.arn;
  if (!endpoint?.EndpointConfigName) return undefined;
  const config = await sm.send(
    new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName }),
  );
  const modelName = config.ProductionVariants?.[0]?.ModelName;
  if (!modelName) return undefined;
  const model = await sm.send(new DescribeModelCommand({ ModelName: modelName }));
  return model.PrimaryContainer?.ModelPackageName ?? model.Containers?.[0]?.ModelPackageName;
}

/** The data capture settings of the endpoint's current config (kept by a promotion unless data-capture-uri is set). */
export async function currentDataCapture(
  sm: SageMakerClient,
  endpoint: DescribeEndpointOutput | undefined,
): Promise<DataCaptureConfig | undefined> {
  if (!endpoint?.EndpointConfigName) return undefined;
  return (
    await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName }))
  ).DataCaptureConfig;
}

/** Resolve `model-package` to a package of the group, checked to be usable. */
export async function resolvePackage(
  sm: SageMakerClient,
  inputs: PromoteInputs,
  production: string | undefined,
  ledgerPrevious: () => Promise<string | undefined>,
): Promise<DescribeModelPackageOutput> {
  const spec: PackageSpec = inputs.spec;
  let arn: string | undefined;
  if (spec.kind === 'arn') arn = spec.arn;
  else if (spec.kind === 'latest-pending') {
    arn = (await listPackages(sm, inputs.group, 'PendingManualApproval', 1))[0]?.arn;
    if (!arn)
      throw new UserError(
        `Model package group ${inputs.group} has no package waiting for approval (latest-pending).`,
        { hint: 'Register one with run-training (register:), or name a version.' },
      );
  } else if (spec.kind === 'version') {
    arn = (await listPackages(sm, inputs.group, undefined, 1000)).find(
      (p) => p.version === spec.version,
    )?.arn;
    if (!arn) throw new UserError(`Model package group ${inputs.group} has no version ${spec.version}.`);
  } else {
    if (!production)
      throw new UserError(
        `model-package: previous: there is no model in production${inputs.target === 'endpoint' ? ` on endpoint ${inputs.endpointName}` : ` in ${inputs.group}`} to roll back from.`,
      );
    const current = await describePackage(sm, production);
    arn = current.CustomerMetadataProperties?.[PREVIOUS_KEY] || (await ledgerPrevious());
    if (!arn)
      throw new UserError(
        `model-package: previous: no earlier production model is recorded for ${production}.`,
        {
          hint: 'Name the version to roll back to instead.',
        },
      );
  }
  const pkg = await describePackage(sm, arn);
  if (pkg.ModelPackageGroupName !== inputs.group)
    throw new UserError(
      `Model package ${arn} belongs to group ${pkg.ModelPackageGroupName}, not ${inputs.group}.`,
    );
  if (pkg.ModelApprovalStatus === 'Rejected')
    throw new UserError(
      `Model package ${arn} is Rejected in the registry${pkg.ApprovalDescription ? ` (${pkg.ApprovalDescription})` : ''}.`,
      {
        hint: 'Set it back to PendingManualApproval in the registry if it should be promoted after all.',
      },
    );
  if (pkg.ModelPackageStatus && pkg.ModelPackageStatus !== 'Completed')
    throw new UserError(`Model package ${arn} is ${pkg.ModelPackageStatus}, not Completed.`);
  return pkg;
}

export async function approve(
  sm: SageMakerClient,
  pkg: DescribeModelPackageOutput,
  description: string,
  previous: string | undefined,
): Promise<void> {
  await sm
    .send(
      new UpdateModelPackageCommand({
        ModelPackageArn: pkg.ModelPackageArn,
        ModelApprovalStatus: 'Approved',
        ApprovalDescription: description.slice(0, 1024),
        ...(previous && previous !== pkg.ModelPackageArn
          ? { CustomerMetadataProperties: { [PREVIOUS_KEY]: previous } }
          : {}),
      }),
    )
    .catch((error) => explain(error, 'sagemaker:UpdateModelPackage'));
}

export async function reject(sm: SageMakerClient, arn: string, description: string): Promise<void> {
  await sm
    .send(
      new UpdateModelPackageCommand({
        ModelPackageArn: arn,
        ModelApprovalStatus: 'Rejected',
        ApprovalDescription: description.slice(0, 1024),
      }),
    )
    .catch((error) => explain(error, 'sagemaker:UpdateModelPackage'));
}

export async function describeEndpoint(
  sm: SageMakerClient,
  name: string,
): Promise<DescribeEndpointOutput | undefined> {
  try {
    return await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
  } catch (error) {
    if (notFound(error)) return undefined;
    explain(error, 'sagemaker:DescribeEndpoint');
  }
}

/** A SageMaker resource name within 63 characters: `<base>-<suffix>`, the base shortened. */
export function resourceName(base: string, suffix: string): string {
  const clean = (s: string) =>
    s
      .replace(/[^a-zA-Z0-9-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-|-$/g, '');
  const tail = `-${clean(suffix)}`;
  return `${clean(base)
    .slice(0, 63 - tail.length)
    .replace(/-+$/, '')}${tail}`;
}

export function modelNameFor(pkg: DescribeModelPackageOutput): string {
  return resourceName(pkg.ModelPackageGroupName!, `v${pkg.ModelPackageVersion}`);
}

/** A new config per promotion attempt (never mutated): `<endpoint>-v<version>-<hash of run and attempt>`. */
export function endpointConfigNameFor(
  endpoint: string,
  pkg: DescribeModelPackageOutput,
  runKey: string,
): string {
  const hash = createHash('sha256').update(runKey).digest('hex').slice(0, 8);
  return resourceName(endpoint, `v${pkg.ModelPackageVersion}-${hash}`);
}

export async function ensureModel(
  sm: SageMakerClient,
  name: string,
  pkg: DescribeModelPackageOutput,
  role: string,
): Promise<boolean> {
  try {
    await sm.send(new DescribeModelCommand({ ModelName: name }));
    return false;
  } catch (error) {
    if (!notFound(error)) explain(error, 'sagemaker:DescribeModel');
  }
  await sm
    .send(
      new CreateModelCommand({
        ModelName: name,
        PrimaryContainer: { ModelPackageName: pkg.ModelPackageArn },
        ExecutionRoleArn: role,
        Tags: [{ Key: 'mlops-actions:model-package', Value: pkg.ModelPackageArn! }],
      }),
    )
    .catch((error) => explain(error, 'sagemaker:CreateModel'));
  return true;
}

export function endpointConfigRequest(
  name: string,
  modelName: string,
  pkg: DescribeModelPackageOutput,
  inputs: PromoteInputs,
  dataCapture: DataCaptureConfig | undefined,
): CreateEndpointConfigInput {
  return {
    EndpointConfigName: name,
    ProductionVariants: [
      {
        VariantName: 'AllTraffic',
        ModelName: modelName,
        InitialInstanceCount: inputs.instanceCount,
        InstanceType: inputs.instanceType as never,
        InitialVariantWeight: 1,
      },
    ],
    ...(dataCapture ? { DataCaptureConfig: dataCapture } : {}),
    Tags: [{ Key: 'mlops-actions:model-package', Value: pkg.ModelPackageArn! }],
  };
}

export function dataCaptureFor(
  inputs: PromoteInputs,
  current: DataCaptureConfig | undefined,
): DataCaptureConfig | undefined {
  if (!inputs.dataCaptureUri) return current;
  return {
    EnableCapture: true,
    InitialSamplingPercentage: 100,
    DestinationS3Uri: inputs.dataCaptureUri,
    CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
    CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'], JsonContentTypes: ['application/json'] },
  };
}

/** Blue/green DeploymentConfig for UpdateEndpoint. */
export function deploymentConfig(inputs: PromoteInputs): DeploymentConfig {
  const size = { Type: 'CAPACITY_PERCENT' as const, Value: inputs.canarySize };
  const routing =
    inputs.deployment === 'canary'
      ? { Type: 'CANARY' as const, WaitIntervalInSeconds: inputs.waitIntervalSeconds, CanarySize: size }
      : inputs.deployment === 'linear'
        ? { Type: 'LINEAR' as const, WaitIntervalInSeconds: inputs.waitIntervalSeconds, LinearStepSize: size }
        : { Type: 'ALL_AT_ONCE' as const, WaitIntervalInSeconds: inputs.waitIntervalSeconds };
  return {
    BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: routing, TerminationWaitInSeconds: 0 },
    ...(inputs.alarms.length
      ? { AutoRollbackConfiguration: { Alarms: inputs.alarms.map((AlarmName) => ({ AlarmName })) } }
      : {}),
  };
}

export async function ensureEndpointConfig(
  sm: SageMakerClient,
  request: CreateEndpointConfigInput,
): Promise<boolean> {
  try {
    await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: request.EndpointConfigName }));
    return false; // created by an earlier try of this attempt: reuse, never mutate
  } catch (error) {
    if (!notFound(error)) explain(error, 'sagemaker:DescribeEndpointConfig');
  }
  await sm
    .send(new CreateEndpointConfigCommand(request))
    .catch((error) => explain(error, 'sagemaker:CreateEndpointConfig'));
  return true;
}

export async function rollOut(
  sm: SageMakerClient,
  inputs: PromoteInputs,
  endpoint: DescribeEndpointOutput | undefined,
  configName: string,
): Promise<void> {
  const name = inputs.endpointName!;
  if (!endpoint) {
    await sm
      .send(
        new CreateEndpointCommand({
          EndpointName: name,
          EndpointConfigName: configName,
          Tags: [{ Key: 'managed-by', Value: 'mlops-actions' }],
        }),
      )
      .catch((error) => explain(error, 'sagemaker:CreateEndpoint'));
  } else if (endpoint.EndpointConfigName !== configName) {
    await sm
      .send(
        new UpdateEndpointCommand({
          EndpointName: name,
          EndpointConfigName: configName,
          DeploymentConfig: deploymentConfig(inputs),
          RetainAllVariantProperties: false,
        }),
      )
      .catch((error) => explain(error, 'sagemaker:UpdateEndpoint'));
  }
}

const BUSY = ['Creating', 'Updating', 'SystemUpdating', 'RollingBack', 'Deleting', 'UpdateRollbackFailed'];
export const isBusy = (e: DescribeEndpointOutput | undefined) =>
  Boolean(e && BUSY.includes(e.EndpointStatus ?? ''));

/**
 * Wait for InService. Fails with the reason on Failed, when SageMaker rolled the update back (InService on another
 * config), on UpdateRollbackFailed, and at the timeout.
 */
export async function waitInService(
  sm: SageMakerClient,
  inputs: PromoteInputs,
  configName: string,
  deps: Pick<ActionDeps, 'logger' | 'now' | 'sleep'>,
): Promise<DescribeEndpointOutput> {
  const start = deps.now().getTime();
  let last = '';
  for (;;) {
    const e = await describeEndpoint(sm, inputs.endpointName!);
    if (!e) throw new UserError(`Endpoint ${inputs.endpointName} disappeared during the rollout.`);
    const since = Math.round((deps.now().getTime() - start) / 1000);
    const state = `${e.EndpointStatus}/${e.EndpointConfigName}`;
    if (state !== last) {
      deps.logger.info(
        `[${since}s] ${inputs.endpointName}: ${e.EndpointStatus} (config ${e.EndpointConfigName})`,
      );
      last = state;
    }
    const where = `Endpoint ${inputs.endpointName} is ${e.EndpointStatus} on config ${e.EndpointConfigName}`;
    if (e.EndpointStatus === 'InService') {
      if (e.EndpointConfigName === configName) return e;
      throw new UserError(
        `SageMaker rolled back the update to ${configName}${e.FailureReason ? `: ${e.FailureReason}` : ''}. ${where} (the previous model still serves).`,
      );
    }
    if (
      e.EndpointStatus === 'Failed' ||
      e.EndpointStatus === 'UpdateRollbackFailed' ||
      e.EndpointStatus === 'OutOfService'
    )
      throw new UserError(
        `The rollout of ${configName} failed: ${e.FailureReason ?? 'no FailureReason given'}. ${where}.`,
      );
    if (deps.now().getTime() - start >= inputs.timeoutMs)
      throw new UserError(`${where} after the ${Math.round(inputs.timeoutMs / 60_000)}m timeout.`, {
        hint: 'The rollout goes on in SageMaker: watch it in the console, and re-run this workflow to record the result.',
      });
    await deps.sleep(inputs.pollMs);
  }
}
