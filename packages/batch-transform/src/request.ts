import type { CreateTransformJobRequest } from '@aws-sdk/client-sagemaker';
import { type RunScope, runScopedName, sagemakerName } from '@mlops-actions/aws';
import type { TransformInputs } from './inputs.js';

/** The transform job's default name: one per step and run attempt, so a re-run attaches to the job it started. */
export function defaultTransformJobName(scope: RunScope): string {
  return runScopedName(scope, 'transform');
}

/**
 * The model created from a package: `<group>-v<version>`, one per package version, so every run scoring the same
 * version reuses it (promote-model names its models the same way).
 */
export function modelNameForPackage(group: string, version: number): string {
  return sagemakerName(group, `v${version}`, 'model');
}

/** The output prefix as SageMaker uses it: results land at `<output>/<input object key relative to input>.out`. */
export function predictionsPrefix(output: string): string {
  return output.endsWith('/') ? output : `${output}/`;
}

/** The exact CreateTransformJob request for the inputs, the job name and the model to run. */
export function buildTransformJobRequest(
  inputs: TransformInputs,
  jobName: string,
  modelName: string,
): CreateTransformJobRequest {
  const dataProcessing = {
    ...(inputs.inputFilter ? { InputFilter: inputs.inputFilter } : {}),
    ...(inputs.outputFilter ? { OutputFilter: inputs.outputFilter } : {}),
    JoinSource: inputs.joinSource,
  };
  // Tags only when asked for: tagging on create needs sagemaker:AddTags, which a least-privilege role may lack.
  const tags = Object.entries(inputs.tags).map(([Key, Value]) => ({ Key, Value }));
  return {
    TransformJobName: jobName,
    ModelName: modelName,
    ...(inputs.maxConcurrentTransforms !== undefined
      ? { MaxConcurrentTransforms: inputs.maxConcurrentTransforms }
      : {}),
    ...(inputs.maxPayloadMb !== undefined ? { MaxPayloadInMB: inputs.maxPayloadMb } : {}),
    // A batch strategy only means something when the input is split into records.
    ...(inputs.splitType !== 'None' ? { BatchStrategy: inputs.batchStrategy } : {}),
    ...(Object.keys(inputs.environment).length ? { Environment: inputs.environment } : {}),
    TransformInput: {
      DataSource: { S3DataSource: { S3DataType: inputs.inputDataType, S3Uri: inputs.input } },
      ContentType: inputs.contentType,
      CompressionType: inputs.compressionType,
      SplitType: inputs.splitType,
    },
    TransformOutput: {
      S3OutputPath: inputs.output,
      Accept: inputs.accept,
      // Line-split input gives one result per line: keep them one per line in the .out object.
      ...(inputs.splitType === 'Line' ? { AssembleWith: 'Line' as const } : {}),
    },
    TransformResources: { InstanceType: inputs.instanceType as never, InstanceCount: inputs.instanceCount },
    DataProcessing: dataProcessing,
    ...(tags.length ? { Tags: tags } : {}),
  };
}
