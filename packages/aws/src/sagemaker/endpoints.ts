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
  type DescribeModelOutput,
  type SageMakerClient,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { UserError } from '@mlops-actions/core';
import { explainAwsError, isAlreadyExists, isNotFound, unlessNotFound } from '../errors.js';
import { timeoutMinutes, type WaitDeps, type WaitOptions, WaitProgress } from '../wait.js';

/** Describe an endpoint, or undefined when it does not exist. */
export async function describeEndpoint(
  sm: SageMakerClient,
  name: string,
): Promise<DescribeEndpointOutput | undefined> {
  return unlessNotFound(
    sm.send(new DescribeEndpointCommand({ EndpointName: name })),
    'sagemaker:DescribeEndpoint',
  );
}

async function describeConfig(sm: SageMakerClient, name: string) {
  try {
    return await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }));
  } catch (error) {
    throw explainAwsError(error, 'sagemaker:DescribeEndpointConfig');
  }
}

/** The model package the endpoint serves now (through its config's first variant and that model), if any. */
export async function endpointModelPackage(
  sm: SageMakerClient,
  endpoint: DescribeEndpointOutput | undefined,
): Promise<string | undefined> {
  if (!endpoint?.EndpointConfigName) return undefined;
  const config = await describeConfig(sm, endpoint.EndpointConfigName);
  const modelName = config.ProductionVariants?.[0]?.ModelName;
  if (!modelName) return undefined;
  const model = await describeModel(sm, modelName);
  if (!model)
    throw new UserError(
      `Endpoint ${endpoint.EndpointName} serves model ${modelName} (config ${endpoint.EndpointConfigName}), which does not exist.`,
      { hint: 'Check the endpoint in the SageMaker console: a deleted model cannot serve.' },
    );
  return modelPackageOf(model);
}

/** The data capture settings of the endpoint's current config. */
export async function endpointDataCapture(
  sm: SageMakerClient,
  endpoint: DescribeEndpointOutput | undefined,
): Promise<DataCaptureConfig | undefined> {
  if (!endpoint?.EndpointConfigName) return undefined;
  return (await describeConfig(sm, endpoint.EndpointConfigName)).DataCaptureConfig;
}

/** Describe a SageMaker model, or undefined when it does not exist. */
export async function describeModel(
  sm: SageMakerClient,
  name: string,
): Promise<DescribeModelOutput | undefined> {
  return unlessNotFound(sm.send(new DescribeModelCommand({ ModelName: name })), 'sagemaker:DescribeModel', {
    detail: ` (model ${name})`,
  });
}

/** The model package a model serves (its first container's ModelPackageName), if any. */
export const modelPackageOf = (model: DescribeModelOutput | undefined): string | undefined =>
  model?.PrimaryContainer?.ModelPackageName ?? model?.Containers?.[0]?.ModelPackageName;

/**
 * Create a model serving a model package unless a model of that name exists (a concurrent creation counts as
 * existing); true when created. `tagged` records the package as a tag, which needs sagemaker:AddTags too.
 */
export async function ensureModel(
  sm: SageMakerClient,
  name: string,
  modelPackageArn: string,
  executionRoleArn: string,
  { tagged = true }: { tagged?: boolean } = {},
): Promise<boolean> {
  if (await describeModel(sm, name)) return false;
  try {
    await sm.send(
      new CreateModelCommand({
        ModelName: name,
        PrimaryContainer: { ModelPackageName: modelPackageArn },
        ExecutionRoleArn: executionRoleArn,
        ...(tagged ? { Tags: [{ Key: 'mlops-actions:model-package', Value: modelPackageArn }] } : {}),
      }),
    );
  } catch (error) {
    if (isAlreadyExists(error)) return false;
    throw explainAwsError(error, 'sagemaker:CreateModel', {
      detail: ` (model ${name})`,
      passRole: 'the execution role (execution-role-arn)',
    });
  }
  return true;
}

/** Create an endpoint config unless one of that name exists (an earlier try of this attempt: reuse, never mutate). */
export async function ensureEndpointConfig(
  sm: SageMakerClient,
  request: CreateEndpointConfigInput,
): Promise<boolean> {
  try {
    await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: request.EndpointConfigName }));
    return false;
  } catch (error) {
    if (!isNotFound(error)) throw explainAwsError(error, 'sagemaker:DescribeEndpointConfig');
  }
  try {
    await sm.send(new CreateEndpointConfigCommand(request));
  } catch (error) {
    throw explainAwsError(error, 'sagemaker:CreateEndpointConfig');
  }
  return true;
}

/** Point an endpoint at a config: create the endpoint when it is new, else a (blue/green) update unless already on it. */
export async function rollOutEndpoint(
  sm: SageMakerClient,
  name: string,
  configName: string,
  current: DescribeEndpointOutput | undefined,
  deployment: DeploymentConfig,
): Promise<void> {
  try {
    if (!current)
      await sm.send(
        new CreateEndpointCommand({
          EndpointName: name,
          EndpointConfigName: configName,
          Tags: [{ Key: 'managed-by', Value: 'mlops-actions' }],
        }),
      );
    else if (current.EndpointConfigName !== configName)
      await sm.send(
        new UpdateEndpointCommand({
          EndpointName: name,
          EndpointConfigName: configName,
          DeploymentConfig: deployment,
          RetainAllVariantProperties: false,
        }),
      );
  } catch (error) {
    throw explainAwsError(error, current ? 'sagemaker:UpdateEndpoint' : 'sagemaker:CreateEndpoint');
  }
}

/**
 * Wait for InService on `configName`. Fails with the reason on Failed, when SageMaker rolled the update back
 * (InService on another config), on UpdateRollbackFailed or OutOfService, and at the timeout. Between polls a
 * heartbeat comes at least every 10 s with the elapsed time only: how long a rollout takes depends on the instances
 * and the container, and SageMaker reports no progress to estimate it from.
 */
export async function waitForEndpoint(
  sm: SageMakerClient,
  name: string,
  configName: string,
  options: WaitOptions,
  deps: WaitDeps,
): Promise<DescribeEndpointOutput> {
  const progress = new WaitProgress(deps, `endpoint ${name}`);
  let last = '';
  for (;;) {
    const e = await describeEndpoint(sm, name);
    if (!e) throw new UserError(`Endpoint ${name} disappeared during the rollout.`);
    const since = Math.round(progress.elapsed() / 1000);
    const state = `${e.EndpointStatus}/${e.EndpointConfigName}`;
    progress.set(`${e.EndpointStatus} on config ${e.EndpointConfigName}`);
    if (state !== last) {
      progress.info(`[${since}s] ${name}: ${e.EndpointStatus} (config ${e.EndpointConfigName})`);
      last = state;
    }
    const where = `Endpoint ${name} is ${e.EndpointStatus} on config ${e.EndpointConfigName}`;
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
    if (progress.elapsed() >= options.timeoutMs)
      throw new UserError(`${where} after the ${timeoutMinutes(options.timeoutMs)}m timeout.`, {
        hint: 'The rollout goes on in SageMaker: watch it in the console, and re-run this workflow to record the result.',
      });
    await progress.sleep(options.pollMs);
  }
}
