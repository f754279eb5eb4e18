import { createHash } from 'node:crypto';
import type {
  CreateEndpointConfigInput,
  DataCaptureConfig,
  DeploymentConfig,
} from '@aws-sdk/client-sagemaker';
import type { PromoteInputs } from './inputs.js';

/** Customer metadata key on a promoted package: the package that was in production before it. */
export const PREVIOUS_KEY = 'mlops-actions:previous-production';

/** A SageMaker resource name within 63 characters: `<base>-<suffix>`, the base shortened. */
function resourceName(base: string, suffix: string): string {
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

/** The model of a package version: `<group>-v<version>` (shared by every promotion of that version). */
export function modelNameFor(group: string, version: number | undefined): string {
  return resourceName(group, `v${version}`);
}

/** A new config per promotion attempt (never mutated): `<endpoint>-v<version>-<hash of run and attempt>`. */
export function endpointConfigNameFor(endpoint: string, version: number | undefined, runKey: string): string {
  const hash = createHash('sha256').update(runKey).digest('hex').slice(0, 8);
  return resourceName(endpoint, `v${version}-${hash}`);
}

/** The CreateEndpointConfig request: one variant with all traffic, the data capture kept or set, tagged. */
export function endpointConfigRequest(
  name: string,
  modelName: string,
  modelPackageArn: string,
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
    Tags: [{ Key: 'mlops-actions:model-package', Value: modelPackageArn }],
  };
}

/** Data capture for the new config: to data-capture-uri when given, else what the current config captures. */
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
