import { errorMessage, isUserError } from '@mlops-actions/core';
import { runContextFromEnv } from '@mlops-actions/github';
import { testInputs } from '@mlops-actions/github/testing';
import { describe, expect, it } from 'vitest';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { checkBeforeTraining } from './sagemaker-request.js';

const inputs = (values: Record<string, string>) => testInputs({ definition, parseInputs }, values);
const complete = {
  image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/train:1',
  'role-arn': 'arn:aws:iam::123456789012:role/sagemaker-exec',
  'instance-type': 'ml.m5.xlarge',
  'output-path': 's3://ml-bucket/models',
};
const check = (values: Record<string, string>, env: NodeJS.ProcessEnv) => () =>
  checkBeforeTraining(inputs(values), { env, context: runContextFromEnv(env) });

/** The user's one line of the UserError `fn` throws. */
function userError(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    expect(isUserError(error), `expected a UserError, got ${String(error)}`).toBe(true);
    return errorMessage(error);
  }
  return expect.fail('expected a UserError');
}

describe('checks before the AWS SDK loads (checkBeforeTraining)', () => {
  it('asks for a region on the SageMaker backend, and says how to set it', () => {
    expect(userError(check(complete, {}))).toMatch(/AWS region is not set.*AWS_REGION/);
    expect(userError(check(complete, { AWS_REGION: 'Europe' }))).toMatch(/Region is not valid: "Europe"/);
  });

  it('refuses the job request SageMaker would refuse, naming the input', () => {
    const env = { AWS_REGION: 'eu-west-1' };
    expect(userError(check({}, env))).toMatch(/no training image.*"framework".*"image"/);
    expect(userError(check({ ...complete, 'role-arn': 'sagemaker-exec' }, env))).toMatch(
      /Input "role-arn": "sagemaker-exec" is not an IAM role ARN/,
    );
    expect(userError(check({ ...complete, framework: 'sklearn:0.1', image: '' }, env))).toMatch(/sklearn/);
    expect(userError(check({ ...complete, 'job-name': 'bad_name' }, env))).toMatch(/Input "job-name"/);
  });

  it('lets a complete request through, and leaves the local backend alone (it needs no region)', () => {
    expect(check(complete, { AWS_REGION: 'eu-west-1' })).not.toThrow();
    expect(check({ backend: 'local', command: 'python train.py' }, {})).not.toThrow();
  });
});
