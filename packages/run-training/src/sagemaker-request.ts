import type { CreateTrainingJobRequest } from '@aws-sdk/client-sagemaker';
import { type FrameworkImage, resolveFrameworkImage } from '@mlops-actions/aws/framework-images';
import { resolveRegion } from '@mlops-actions/aws/region';
import type { ActionDeps } from '@mlops-actions/github';
import { buildTrainingJobRequest, jobNameFor } from './config.js';
import type { TrainingInputs } from './inputs.js';
import type { ScriptMode } from './script-job.js';

/** The prebuilt image `framework` names in `region`, or undefined when the job brings its own image. */
export function frameworkImageFor(inputs: TrainingInputs, region: string): FrameworkImage | undefined {
  const config = inputs.jobConfig as Partial<CreateTrainingJobRequest>;
  return inputs.framework
    ? resolveFrameworkImage(
        inputs.framework,
        region,
        inputs.instanceType ?? config.ResourceConfig?.InstanceType,
      )
    : undefined;
}

/** The SageMaker backend's CreateTrainingJob request, validated; in script mode with the script's hyperparameters. */
export function sagemakerJobRequest(
  inputs: TrainingInputs,
  name: string,
  framework: FrameworkImage | undefined,
  script: ScriptMode | undefined,
): CreateTrainingJobRequest {
  const config = inputs.jobConfig as Partial<CreateTrainingJobRequest>;
  return buildTrainingJobRequest(
    script ? { ...config, HyperParameters: undefined } : config,
    {
      ...inputs,
      image: framework?.uri ?? inputs.image,
      hyperparameters: script?.hyperparameters ?? inputs.hyperparameters,
    },
    name,
  );
}

/**
 * What a SageMaker run needs that no AWS call tells: the region, the job name and a request SageMaker would accept
 * (image, role, instance type, output path, …). Checked before the AWS SDK loads (ActionModule.checkBeforeAws), so
 * these input errors are reported at start-up speed (issue 21); the run checks them again with the script's
 * hyperparameters.
 */
export function checkBeforeTraining(inputs: TrainingInputs, deps: Pick<ActionDeps, 'context' | 'env'>): void {
  if (inputs.backend !== 'sagemaker') return;
  const region = resolveRegion(deps.env);
  sagemakerJobRequest(inputs, jobNameFor(inputs, deps), frameworkImageFor(inputs, region), undefined);
}
