import { SAGEMAKER_NAME_PATTERN } from '@mlops-actions/aws';
import { testInputs } from '@mlops-actions/github/testing';
import { describe, expect, it } from 'vitest';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { buildTransformJobRequest, defaultTransformJobName, modelNameForPackage } from './request.js';

const JOB = 'purchases-champion-1';

const base = {
  'model-package-group': 'purchases',
  'execution-role-arn': 'arn:aws:iam::123456789012:role/sagemaker-execution',
  input: 's3://ml-bucket/data/eval/',
  output: 's3://ml-bucket/predictions/champion/4242/',
};

function inputs(values: Record<string, string | undefined>) {
  const all: Record<string, string | undefined> = { ...base, ...values };
  return testInputs({ definition, parseInputs }, all);
}

describe('the CreateTransformJob request', () => {
  it('by default joins the input (JoinSource Input), splits lines of text/csv, accepts what it sends, one ml.m5.large', () => {
    expect(buildTransformJobRequest(inputs({}), JOB, 'purchases-v2')).toEqual({
      TransformJobName: JOB,
      ModelName: 'purchases-v2',
      BatchStrategy: 'MultiRecord',
      TransformInput: {
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://ml-bucket/data/eval/' } },
        ContentType: 'text/csv',
        CompressionType: 'None',
        SplitType: 'Line',
      },
      TransformOutput: {
        S3OutputPath: 's3://ml-bucket/predictions/champion/4242/',
        Accept: 'text/csv',
        AssembleWith: 'Line',
      },
      TransformResources: { InstanceType: 'ml.m5.large', InstanceCount: 1 },
      DataProcessing: { JoinSource: 'Input' },
    });
  });

  it('join-source None and unsplit JSON input: no join, no batch strategy, no AssembleWith', () => {
    const request = buildTransformJobRequest(
      inputs({ 'join-source': 'None', 'split-type': 'None', 'content-type': 'application/json' }),
      JOB,
      'm',
    );
    expect(request.DataProcessing).toEqual({ JoinSource: 'None' });
    expect(request.BatchStrategy).toBeUndefined();
    expect(request.TransformOutput).toEqual({
      S3OutputPath: 's3://ml-bucket/predictions/champion/4242/',
      Accept: 'application/json',
    });
  });
});

describe('names', () => {
  const scope = {
    repository: 'acme/purchases',
    runId: '4242',
    runAttempt: 1,
    job: 'evaluate',
    step: 'champion',
  };

  it('a job name is the same for a re-run of the attempt and differs per attempt and per step', () => {
    const name = defaultTransformJobName(scope);
    expect(name).toMatch(/^purchases-4242-1-[0-9a-f]{6}$/);
    expect(defaultTransformJobName({ ...scope })).toBe(name);
    expect(defaultTransformJobName({ ...scope, runAttempt: 2 })).not.toBe(name);
    expect(defaultTransformJobName({ ...scope, step: 'challenger' })).not.toBe(name);
    const long = defaultTransformJobName({ ...scope, repository: `acme/${'a_very.long-repo'.repeat(6)}` });
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(SAGEMAKER_NAME_PATTERN);
    expect(long).toMatch(/-4242-1-[0-9a-f]{6}$/);
    expect(defaultTransformJobName({ ...scope, repository: 'acme/___' })).toMatch(/^transform-4242-1-/);
  });

  it('a model is named after its package version, within 63 characters', () => {
    expect(modelNameForPackage('purchases', 3)).toBe('purchases-v3');
    const long = modelNameForPackage('g'.repeat(63), 12);
    expect(long).toBe(`${'g'.repeat(59)}-v12`);
    expect(long).toMatch(SAGEMAKER_NAME_PATTERN);
  });
});

describe('inputs', () => {
  const error = (values: Record<string, string | undefined>) => {
    try {
      inputs(values);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected the inputs to be rejected');
  };

  it('name the input and quote the value', () => {
    expect(error({ 'model-package-group': undefined })).toMatch(/No model to run/);
    expect(error({ 'model-package': 'purchases/3' })).toMatch(
      /Input "model-package" must be a model package ARN .* got "purchases\/3"/,
    );
    expect(
      error({ 'model-package': 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/other/3' }),
    ).toMatch(/not in the group "purchases"/);
    expect(error({ 'model-name': 'm' })).toMatch(/"model-name" and "model-package".*exclude each other/);
    expect(error({ input: '/data/eval' })).toMatch(
      /Input "input" must be an s3:\/\/ URI .* got "\/data\/eval"/,
    );
    expect(error({ output: 'https://x' })).toMatch(/Input "output" must be an s3:\/\/ URI/);
    expect(error({ 'join-source': 'Output' })).toMatch(/Input "join-source" must be one of "Input", "None"/);
    expect(error({ 'instance-type': 'm5.large' })).toMatch(/Input "instance-type": "m5.large"/);
    expect(error({ 'max-payload-mb': '101' })).toMatch(/Input "max-payload-mb" must be .*<= 100/);
    expect(error({ 'execution-role-arn': 'sagemaker' })).toMatch(/not an IAM role ARN/);
    expect(error({ 'job-name': 'bad_name' })).toMatch(/Input "job-name": "bad_name"/);
  });
});
