import { UserError } from '@mlops-actions/core';

/** What an AWS SDK error says about itself: its error code (name), HTTP status and message. */
export interface AwsErrorShape {
  name: string;
  status: number | undefined;
  message: string;
}

/** The code, HTTP status and one-line message of a thrown value (SDK v3 puts the code in `name`, some in `Code`). */
export function awsError(error: unknown): AwsErrorShape {
  const e = (error ?? {}) as {
    name?: string;
    Code?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const name = (e.name && e.name !== 'Error' ? e.name : (e.Code ?? e.code ?? e.name)) ?? 'Error';
  const message = String(e.message || name)
    .replace(/\s+/g, ' ')
    .trim();
  return { name, status: e.$metadata?.httpStatusCode, message };
}

// Codes per kind, across the services we call (SageMaker, CloudFormation, CloudWatch Logs, S3, STS, Athena).
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);
const CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'CredentialsProviderError',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
]);
// Athena calls its validation errors InvalidRequestException.
const VALIDATION = new Set(['ValidationException', 'ValidationError', 'InvalidRequestException']);
const NOT_FOUND = new Set([
  'ResourceNotFound',
  'ResourceNotFoundException',
  'NoSuchKey',
  'NoSuchBucket',
  'NotFound',
  'ChangeSetNotFound',
  'ChangeSetNotFoundException',
  'StackNotFoundException',
]);
const UNAVAILABLE = new Set([
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalError',
]);

/**
 * SageMaker and CloudFormation answer "no such resource" with a validation error, told apart only by its message:
 * AWS says "Requested resource not found." / "… does not exist", the moto emulator "Could not find training job …".
 */
const NOT_FOUND_WORDING = /not found|does not exist|could not find|cannot find/i;

/** The resource named in the request does not exist (by code and status, or a validation error's wording). */
export function isNotFound(error: unknown): boolean {
  const { name, status, message } = awsError(error);
  if (NOT_FOUND.has(name) || status === 404) return true;
  return VALIDATION.has(name) && NOT_FOUND_WORDING.test(message);
}

/** The resource already exists (a concurrent or earlier creation of the same name). */
export function isAlreadyExists(error: unknown): boolean {
  const { name, message } = awsError(error);
  if (name === 'ResourceInUse' || name === 'AlreadyExistsException') return true;
  // SageMaker's CreateModel/CreateEndpointConfig: "Cannot create already existing model …" (a ValidationException).
  return VALIDATION.has(name) && /already exist/i.test(message);
}

/** A conditional write (`If-None-Match: *`) found the object there: 412, or 409 for a concurrent conditional write. */
export function isPreconditionFailed(error: unknown): boolean {
  const { name, status } = awsError(error);
  return (
    name === 'PreconditionFailed' || name === 'ConditionalRequestConflict' || status === 412 || status === 409
  );
}

/** The session credentials expired (OIDC sessions end after an hour by default). */
export function isExpiredCredentials(error: unknown): boolean {
  return /^(ExpiredToken|RequestExpired)/.test(awsError(error).name);
}

/**
 * CloudFormation found nothing to change. Real AWS creates a FAILED change set with "The submitted information
 * didn't contain changes…" (or "No updates are to be performed."); moto raises "No updates are to be performed."
 * from CreateChangeSet as a ValidationError. Only the wording tells this case from other validation errors.
 */
const NO_CHANGES_WORDING =
  /didn't contain changes|No updates are to be performed|does not contain any changes/i;

/** An error (or a change set's StatusReason) that means "no changes". */
export function isNoChanges(errorOrReason: unknown): boolean {
  if (typeof errorOrReason === 'string') return NO_CHANGES_WORDING.test(errorOrReason);
  const { name, message } = awsError(errorOrReason);
  return VALIDATION.has(name) && NO_CHANGES_WORDING.test(message);
}

/** How to word the failure of one AWS operation. */
export interface ExplainOptions {
  /** Which resource, appended to the operation where a permission is named, e.g. ` (job my-job)`. */
  detail?: string;
  /** The role the operation passes to the service, which also needs iam:PassRole (e.g. `the SageMaker execution role`). */
  passRole?: string;
  /** What the user should fix when the service rejects the request as invalid. */
  validationHint?: string;
  /** Name the resource in the message too (`sagemaker:X (job j) failed: …`), not only in the permission hint. */
  detailInMessage?: boolean;
  /** What goes on running in AWS when the credentials lapse (e.g. `the job`): the hint then says how to attach. */
  keepsRunning?: string;
}

function hintFor(error: unknown, operation: string, options: ExplainOptions): string | undefined {
  const { name, status } = awsError(error);
  const what = `${operation}${options.detail ?? ''}`;
  if (ACCESS_DENIED.has(name) || (status === 403 && !CREDENTIALS.has(name)))
    return `The credentials from aws-actions/configure-aws-credentials lack permission for ${what}: add it${options.passRole ? ` (and iam:PassRole on ${options.passRole})` : ''} to the role's policy.`;
  if (CREDENTIALS.has(name))
    return options.keepsRunning
      ? `The AWS credentials expired or are not valid (OIDC sessions last 1 hour by default); ${options.keepsRunning} keeps running: re-run the workflow to attach to it, or raise role-duration-seconds.`
      : 'The AWS credentials expired or are not valid (OIDC sessions last 1 hour by default): get fresh ones with configure-aws-credentials in a new step, or raise role-duration-seconds.';
  if (THROTTLED.has(name) || status === 429)
    return 'AWS kept throttling after the SDK retries (AWS_MAX_ATTEMPTS, default 5): fewer concurrent runs, or a higher AWS_MAX_ATTEMPTS.';
  if (name === 'InsufficientCapabilitiesException') return undefined; // worded on its own below
  if (VALIDATION.has(name))
    return (
      options.validationHint ?? 'AWS rejected the request: fix the value it names in the inputs of this step.'
    );
  if (NOT_FOUND.has(name))
    return 'Check the name or ARN, and that the step runs in the region and account where it exists.';
  if (name === 'ResourceLimitExceeded' || name === 'LimitExceededException')
    return 'An account quota is exhausted (instances of this type, or concurrent jobs): request an increase in Service Quotas, use another instance type, or wait for running jobs.';
  if (name === 'ResourceInUse') return 'The resource already exists or is busy.';
  if (UNAVAILABLE.has(name) || (status !== undefined && status >= 500))
    return 'AWS was unavailable after the SDK retries: re-run the workflow (re-runs attach to what was started, never start it twice).';
  return undefined;
}

/**
 * The one AWS error mapper: an error the user can act on becomes a one-line UserError naming the operation, the
 * AWS error code and message, and what to do; anything else is returned as it is (a bug keeps its stack trace).
 */
export function explainAwsError(error: unknown, operation: string, options: ExplainOptions = {}): Error {
  if (error instanceof UserError) return error;
  const { name, message } = awsError(error);
  if (name === 'InsufficientCapabilitiesException' || /Requires capabilities/i.test(message)) {
    const needed = /\[([A-Z_, ]+)\]/.exec(message)?.[1] ?? 'CAPABILITY_IAM';
    return new UserError(`The template needs ${needed}: ${message}`, {
      hint: `Add \`capabilities: ${needed}\` to the step (review the IAM resources first).`,
      cause: error,
    });
  }
  const hint = hintFor(error, operation, options);
  if (!hint) return error instanceof Error ? error : new Error(String(error));
  const what = options.detailInMessage ? `${operation}${options.detail ?? ''}` : operation;
  return new UserError(`${what} failed: ${name}: ${message}`, { hint, cause: error });
}

/** The answer of a describe call, or undefined when the resource does not exist; other failures explained. */
export async function unlessNotFound<T>(
  describe: Promise<T>,
  operation: string,
  options: ExplainOptions = {},
): Promise<T | undefined> {
  try {
    return await describe;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw explainAwsError(error, operation, options);
  }
}
