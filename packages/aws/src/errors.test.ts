import { UserError } from '@mlops-actions/core';
import { describe, expect, it } from 'vitest';
import {
  awsError,
  explainAwsError,
  isAlreadyExists,
  isExpiredCredentials,
  isNoChanges,
  isNotFound,
  isPreconditionFailed,
} from './errors.js';

/** An error shaped like the SDK's: code in `name`, HTTP status in `$metadata`. */
const aws = (name: string, message: string, status?: number) =>
  Object.assign(new Error(message), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });

describe('recognising AWS errors (code and status first, wording only where nothing else tells)', () => {
  it('reads the code from name, or from Code when the name is generic', () => {
    expect(awsError(aws('NoSuchKey', 'The specified key does not exist.', 404))).toEqual({
      name: 'NoSuchKey',
      status: 404,
      message: 'The specified key does not exist.',
    });
    expect(awsError(Object.assign(new Error('x'), { Code: 'AccessDenied' })).name).toBe('AccessDenied');
  });

  it.each([
    ['SageMaker (AWS)', aws('ValidationException', 'Requested resource not found.', 400)],
    [
      'SageMaker (moto)',
      aws(
        'ValidationException',
        "Could not find training job 'arn:aws:sagemaker:us-east-1:123456789012:training-job/x'.",
        400,
      ),
    ],
    ['SageMaker registry', aws('ValidationException', 'ModelPackageGroup purchases does not exist.')],
    ['CloudFormation', aws('ValidationError', 'Stack with id ml-infra does not exist', 400)],
    ['a not-found code', aws('ResourceNotFound', 'Cannot find job')],
    ['a change set', aws('ChangeSetNotFoundException', 'ChangeSet [x] does not exist')],
    ['HTTP 404 alone', aws('UnknownError', 'Not Found', 404)],
  ])('not found: %s', (_, error) => {
    expect(isNotFound(error)).toBe(true);
  });

  it('a validation error about something else is not "not found"', () => {
    expect(
      isNotFound(
        aws(
          'ValidationException',
          "1 validation error detected: Value 'x y' at 'trainingJobName' failed to satisfy constraint",
        ),
      ),
    ).toBe(false);
    expect(isNotFound(aws('AccessDeniedException', 'not authorized', 400))).toBe(false);
  });

  it('"no changes": moto raises it from CreateChangeSet, AWS words the FAILED change set two ways', () => {
    expect(isNoChanges(aws('ValidationError', 'No updates are to be performed.', 400))).toBe(true);
    expect(
      isNoChanges(
        "The submitted information didn't contain changes. Submit different information to create a change set.",
      ),
    ).toBe(true);
    expect(isNoChanges('No updates are to be performed.')).toBe(true);
    expect(
      isNoChanges(aws('ValidationError', 'Template format error: Unresolved resource dependencies')),
    ).toBe(false);
    expect(isNoChanges(aws('AccessDenied', 'No updates are to be performed.'))).toBe(false);
  });

  it('already exists: by code, or SageMaker\'s "Cannot create already existing …" validation error', () => {
    expect(isAlreadyExists(aws('ResourceInUse', 'Job already exists'))).toBe(true);
    expect(isAlreadyExists(aws('AlreadyExistsException', 'ChangeSet x already exists'))).toBe(true);
    expect(isAlreadyExists(aws('ValidationException', 'Cannot create already existing model "m".'))).toBe(
      true,
    );
    expect(isAlreadyExists(aws('ValidationException', 'Invalid instance type'))).toBe(false);
  });

  it('a conditional write that lost: PreconditionFailed / 412, ConditionalRequestConflict / 409', () => {
    expect(isPreconditionFailed(aws('PreconditionFailed', 'At least one of the pre-conditions failed'))).toBe(
      true,
    );
    expect(isPreconditionFailed(aws('Unknown', '', 412))).toBe(true);
    expect(isPreconditionFailed(aws('ConditionalRequestConflict', 'conflict'))).toBe(true);
    expect(isPreconditionFailed(aws('Unknown', '', 409))).toBe(true);
    expect(isPreconditionFailed(aws('AccessDenied', 'denied', 403))).toBe(false);
  });

  it('expired session credentials', () => {
    expect(
      isExpiredCredentials(
        aws('ExpiredTokenException', 'The security token included in the request is expired'),
      ),
    ).toBe(true);
    expect(isExpiredCredentials(aws('ExpiredToken', 'expired'))).toBe(true);
    expect(isExpiredCredentials(aws('InvalidClientTokenId', 'invalid'))).toBe(false);
  });
});

describe('explainAwsError: one user line and what to do, per error code', () => {
  const explained = (error: unknown, options?: Parameters<typeof explainAwsError>[2]) => {
    const e = explainAwsError(error, 'sagemaker:CreateTrainingJob', options);
    expect(e).toBeInstanceOf(UserError);
    return (e as UserError).userMessage;
  };

  it.each([
    [
      'AccessDeniedException',
      403,
      /failed: AccessDeniedException: .* lack permission for sagemaker:CreateTrainingJob \(job j\): add it \(and iam:PassRole on the execution role\)/,
    ],
    ['AccessDenied', 403, /failed: AccessDenied: .*lack permission/],
    ['ExpiredTokenException', 400, /credentials expired or are not valid .*configure-aws-credentials/],
    ['InvalidClientTokenId', 403, /credentials expired or are not valid/],
    ['ThrottlingException', 400, /kept throttling after the SDK retries \(AWS_MAX_ATTEMPTS/],
    ['Throttling', 400, /kept throttling/],
    ['ValidationException', 400, /failed: ValidationException: .*fix the value it names/],
    ['ValidationError', 400, /failed: ValidationError: .*fix the value it names/],
    ['ResourceNotFound', 400, /Check the name or ARN, and .* region/],
    ['ResourceLimitExceeded', 400, /request an increase in Service Quotas/],
    ['ServiceUnavailable', 503, /unavailable after the SDK retries: re-run/],
    ['SomethingNew', 500, /unavailable after the SDK retries/],
    ['TooManyRequests', 429, /kept throttling/],
  ])('%s (HTTP %i)', (name, status, pattern) => {
    const message = explained(aws(name, 'the message\nfrom AWS', status), {
      detail: ' (job j)',
      passRole: 'the execution role',
    });
    expect(message).toMatch(/^sagemaker:CreateTrainingJob failed: /);
    expect(message).toMatch(pattern);
    expect(message).toContain('the message from AWS');
    expect(message).not.toMatch(/\n/);
  });

  it('names the resource in the message when asked, and says a running job can be attached to', () => {
    const options = { detail: ' (job j)', detailInMessage: true, keepsRunning: 'the job' };
    expect(
      explained(
        aws('ExpiredTokenException', 'The security token included in the request is expired'),
        options,
      ),
    ).toMatch(
      /^sagemaker:CreateTrainingJob \(job j\) failed: ExpiredTokenException: .*expired.*; the job keeps running: re-run the workflow to attach to it/,
    );
    expect(explained(aws('AccessDeniedException', 'no', 400), options)).toMatch(
      /^sagemaker:CreateTrainingJob \(job j\) failed: .*lack permission for sagemaker:CreateTrainingJob \(job j\)/,
    );
    // Without the option, the credentials hint says nothing about a job.
    expect(explained(aws('ExpiredTokenException', 'expired'))).not.toMatch(/keeps running/);
  });

  it('a validation hint of the caller replaces the generic one', () => {
    expect(explained(aws('ValidationException', 'bad'), { validationHint: 'Fix job-config.' })).toMatch(
      /ValidationException: bad Fix job-config\.$/,
    );
  });

  it('missing capabilities say which to add', () => {
    const e = explainAwsError(
      aws('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_NAMED_IAM]'),
      'cloudformation:CreateChangeSet',
    ) as UserError;
    expect(e.userMessage).toMatch(/needs CAPABILITY_NAMED_IAM.*Add `capabilities: CAPABILITY_NAMED_IAM`/);
  });

  it('an error it does not know stays as it is (a bug keeps its stack trace); a UserError passes through', () => {
    const bug = new TypeError('Cannot read properties of undefined');
    expect(explainAwsError(bug, 'x')).toBe(bug);
    const odd = aws('SomeNewClientError', 'odd', 400);
    expect(explainAwsError(odd, 'x')).toBe(odd);
    const user = new UserError('already explained');
    expect(explainAwsError(user, 'x')).toBe(user);
  });
});
