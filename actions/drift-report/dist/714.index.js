export const id = 714;
export const ids = [714];
export const modules = {

/***/ 9714:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  INSTANCE_TYPE_PATTERN: () => (/* reexport */ INSTANCE_TYPE_PATTERN),
  LogFollower: () => (/* reexport */ LogFollower),
  MODEL_PACKAGE_ARN_PATTERN: () => (/* reexport */ MODEL_PACKAGE_ARN_PATTERN),
  ROLE_ARN_PATTERN: () => (/* reexport */ ROLE_ARN_PATTERN),
  SAGEMAKER_NAME_PATTERN: () => (/* reexport */ SAGEMAKER_NAME_PATTERN),
  USER_AGENT: () => (/* reexport */ USER_AGENT),
  awsClients: () => (/* reexport */ awsClients),
  awsError: () => (/* reexport */ awsError),
  clientSettings: () => (/* reexport */ clientSettings),
  createChangeSet: () => (/* reexport */ createChangeSet),
  createModelPackage: () => (/* reexport */ createModelPackage),
  deleteChangeSetQuietly: () => (/* reexport */ deleteChangeSetQuietly),
  deleteStackAndWait: () => (/* reexport */ deleteStackAndWait),
  deleteStackQuietly: () => (/* reexport */ deleteStackQuietly),
  describeChangeSet: () => (/* reexport */ describeChangeSet),
  describeEndpoint: () => (/* reexport */ describeEndpoint),
  describeModel: () => (/* reexport */ describeModel),
  describeModelPackage: () => (/* reexport */ describeModelPackage),
  describeStack: () => (/* reexport */ describeStack),
  describeTrainingJob: () => (/* reexport */ describeTrainingJob),
  describeTransformJob: () => (/* reexport */ describeTransformJob),
  enableTerminationProtection: () => (/* reexport */ enableTerminationProtection),
  endpointDataCapture: () => (/* reexport */ endpointDataCapture),
  endpointModelPackage: () => (/* reexport */ endpointModelPackage),
  ensureEndpointConfig: () => (/* reexport */ ensureEndpointConfig),
  ensureModel: () => (/* reexport */ ensureModel),
  executeChangeSet: () => (/* reexport */ executeChangeSet),
  explainAwsError: () => (/* reexport */ explainAwsError),
  followStack: () => (/* reexport */ followStack),
  formatElapsed: () => (/* reexport */ formatElapsed),
  formatEvent: () => (/* reexport */ formatEvent),
  getObjectStream: () => (/* reexport */ getObjectStream),
  isAlreadyExists: () => (/* reexport */ isAlreadyExists),
  isExpiredCredentials: () => (/* reexport */ isExpiredCredentials),
  isNoChanges: () => (/* reexport */ isNoChanges),
  isNotFound: () => (/* reexport */ isNotFound),
  isPreconditionFailed: () => (/* reexport */ isPreconditionFailed),
  lazyAwsClients: () => (/* reexport */ lazyAwsClients),
  listModelPackages: () => (/* reexport */ listModelPackages),
  listObjectKeys: () => (/* reexport */ listObjectKeys),
  modelPackageOf: () => (/* reexport */ modelPackageOf),
  objectExists: () => (/* reexport */ objectExists),
  objectUnder: () => (/* reexport */ objectUnder),
  publishUnder: () => (/* reexport */ publishUnder),
  putObject: () => (/* reexport */ putObject),
  putObjectIfAbsent: () => (/* reexport */ putObjectIfAbsent),
  readObjectBytes: () => (/* reexport */ readObjectBytes),
  readObjectText: () => (/* reexport */ readObjectText),
  reportStem: () => (/* reexport */ reportStem),
  resolveFrameworkImage: () => (/* reexport */ resolveFrameworkImage),
  resolveRegion: () => (/* reexport */ resolveRegion),
  rollOutEndpoint: () => (/* reexport */ rollOutEndpoint),
  rootCause: () => (/* reexport */ rootCause),
  runAthenaQuery: () => (/* reexport */ runAthenaQuery),
  runScopedName: () => (/* reexport */ runScopedName),
  s3PathStyle: () => (/* reexport */ s3PathStyle),
  s3UriOf: () => (/* reexport */ s3UriOf),
  sagemakerName: () => (/* reexport */ sagemakerName),
  setModelPackageApproval: () => (/* reexport */ setModelPackageApproval),
  stackOutputs: () => (/* reexport */ stackOutputs),
  startOrAttachTrainingJob: () => (/* reexport */ startOrAttachTrainingJob),
  startTransformJob: () => (/* reexport */ startTransformJob),
  stopAthenaQueryIfRunning: () => (/* reexport */ stopAthenaQueryIfRunning),
  stopTrainingJobIfRunning: () => (/* reexport */ stopTrainingJobIfRunning),
  stopTransformJobIfRunning: () => (/* reexport */ stopTransformJobIfRunning),
  succeeded: () => (/* reexport */ succeeded),
  timeoutMinutes: () => (/* reexport */ timeoutMinutes),
  unlessNotFound: () => (/* reexport */ unlessNotFound),
  uploadFile: () => (/* reexport */ uploadFile),
  waitForChangeSet: () => (/* reexport */ waitForChangeSet),
  waitForEndpoint: () => (/* reexport */ waitForEndpoint),
  waitForTrainingJob: () => (/* reexport */ waitForTrainingJob),
  waitForTransformJob: () => (/* reexport */ waitForTransformJob),
  waitUntilIdle: () => (/* reexport */ waitUntilIdle)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-athena@3.1164.0/node_modules/@aws-sdk/client-athena/dist-cjs/index.js
var dist_cjs = __webpack_require__(8348);
// EXTERNAL MODULE: ../../packages/core/src/errors.ts
var errors = __webpack_require__(9179);
;// CONCATENATED MODULE: ../../packages/aws/src/athena-csv.ts
/**
 * Rows of an Athena result file (CSV in the query's output location). Athena quotes every value and writes NULL as
 * an empty unquoted field, so `""` (an empty string) and `` (NULL) are told apart: NULL becomes null.
 */
function parseAthenaCsv(text) {
    const rows = [];
    let row = [];
    let i = 0;
    const n = text.length;
    while (i < n) {
        let value;
        if (text[i] === '"') {
            let out = '';
            i++;
            for (;;) {
                const close = text.indexOf('"', i);
                if (close < 0)
                    throw new Error('Athena result: a quoted value is not closed.');
                out += text.slice(i, close);
                i = close + 1;
                if (text[i] !== '"')
                    break;
                out += '"';
                i++;
            }
            value = out;
        }
        else {
            let end = i;
            while (end < n && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r')
                end++;
            value = end === i ? null : text.slice(i, end);
            i = end;
        }
        row.push(value);
        if (text[i] === ',') {
            i++;
            if (i === n)
                row.push(null);
            continue;
        }
        if (text[i] === '\r')
            i++;
        if (text[i] === '\n' || i >= n) {
            i++;
            rows.push(row);
            row = [];
        }
    }
    return rows;
}

;// CONCATENATED MODULE: ../../packages/aws/src/errors.ts

/** The code, HTTP status and one-line message of a thrown value (SDK v3 puts the code in `name`, some in `Code`). */
function awsError(error) {
    const e = (error ?? {});
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
function isNotFound(error) {
    const { name, status, message } = awsError(error);
    if (NOT_FOUND.has(name) || status === 404)
        return true;
    return VALIDATION.has(name) && NOT_FOUND_WORDING.test(message);
}
/** The resource already exists (a concurrent or earlier creation of the same name). */
function isAlreadyExists(error) {
    const { name, message } = awsError(error);
    if (name === 'ResourceInUse' || name === 'AlreadyExistsException')
        return true;
    // SageMaker's CreateModel/CreateEndpointConfig: "Cannot create already existing model …" (a ValidationException).
    return VALIDATION.has(name) && /already exist/i.test(message);
}
/** A conditional write (`If-None-Match: *`) found the object there: 412, or 409 for a concurrent conditional write. */
function isPreconditionFailed(error) {
    const { name, status } = awsError(error);
    return (name === 'PreconditionFailed' || name === 'ConditionalRequestConflict' || status === 412 || status === 409);
}
/** The session credentials expired (OIDC sessions end after an hour by default). */
function isExpiredCredentials(error) {
    return /^(ExpiredToken|RequestExpired)/.test(awsError(error).name);
}
/**
 * CloudFormation found nothing to change. Real AWS creates a FAILED change set with "The submitted information
 * didn't contain changes…" (or "No updates are to be performed."); moto raises "No updates are to be performed."
 * from CreateChangeSet as a ValidationError. Only the wording tells this case from other validation errors.
 */
const NO_CHANGES_WORDING = /didn't contain changes|No updates are to be performed|does not contain any changes/i;
/** An error (or a change set's StatusReason) that means "no changes". */
function isNoChanges(errorOrReason) {
    if (typeof errorOrReason === 'string')
        return NO_CHANGES_WORDING.test(errorOrReason);
    const { name, message } = awsError(errorOrReason);
    return VALIDATION.has(name) && NO_CHANGES_WORDING.test(message);
}
function hintFor(error, operation, options) {
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
    if (name === 'InsufficientCapabilitiesException')
        return undefined; // worded on its own below
    if (VALIDATION.has(name))
        return (options.validationHint ?? 'AWS rejected the request: fix the value it names in the inputs of this step.');
    if (NOT_FOUND.has(name))
        return 'Check the name or ARN, and that the step runs in the region and account where it exists.';
    if (name === 'ResourceLimitExceeded' || name === 'LimitExceededException')
        return 'An account quota is exhausted (instances of this type, or concurrent jobs): request an increase in Service Quotas, use another instance type, or wait for running jobs.';
    if (name === 'ResourceInUse')
        return 'The resource already exists or is busy.';
    if (UNAVAILABLE.has(name) || (status !== undefined && status >= 500))
        return 'AWS was unavailable after the SDK retries: re-run the workflow (re-runs attach to what was started, never start it twice).';
    return undefined;
}
/**
 * The one AWS error mapper: an error the user can act on becomes a one-line UserError naming the operation, the
 * AWS error code and message, and what to do; anything else is returned as it is (a bug keeps its stack trace).
 */
function explainAwsError(error, operation, options = {}) {
    if (error instanceof errors/* UserError */.yo)
        return error;
    const { name, message } = awsError(error);
    if (name === 'InsufficientCapabilitiesException' || /Requires capabilities/i.test(message)) {
        const needed = /\[([A-Z_, ]+)\]/.exec(message)?.[1] ?? 'CAPABILITY_IAM';
        return new errors/* UserError */.yo(`The template needs ${needed}: ${message}`, {
            hint: `Add \`capabilities: ${needed}\` to the step (review the IAM resources first).`,
            cause: error,
        });
    }
    const hint = hintFor(error, operation, options);
    if (!hint)
        return error instanceof Error ? error : new Error(String(error));
    const what = options.detailInMessage ? `${operation}${options.detail ?? ''}` : operation;
    return new errors/* UserError */.yo(`${what} failed: ${name}: ${message}`, { hint, cause: error });
}
/** The answer of a describe call, or undefined when the resource does not exist; other failures explained. */
async function unlessNotFound(describe, operation, options = {}) {
    try {
        return await describe;
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw explainAwsError(error, operation, options);
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-s3@3.1175.0/node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var client_s3_dist_cjs = __webpack_require__(9232);
;// CONCATENATED MODULE: ../../packages/aws/src/s3.ts



/** The `s3://bucket/key` form of a location. */
const s3UriOf = (at) => `s3://${at.bucket}/${at.key}`;
/** The object `name` under a prefix: one slash between them, none when the prefix is the bucket's root. */
function objectUnder(prefix, name) {
    const base = prefix.key.replace(/\/+$/, '');
    return { bucket: prefix.bucket, key: base ? `${base}/${name}` : name };
}
/** An object's bytes as a stream; errors are left as they are, so a caller can word a missing object itself. */
async function getObjectStream(s3, at) {
    const response = await s3.send(new client_s3_dist_cjs.GetObjectCommand({ Bucket: at.bucket, Key: at.key }));
    return response.Body;
}
async function getObject(s3, at, read) {
    try {
        const response = await s3.send(new client_s3_dist_cjs.GetObjectCommand({ Bucket: at.bucket, Key: at.key }));
        return await read(response.Body);
    }
    catch (error) {
        throw explainAwsError(error, `s3:GetObject on ${s3UriOf(at)}`);
    }
}
/** An object's content as UTF-8 text. */
function readObjectText(s3, at) {
    return getObject(s3, at, (body) => body.transformToString());
}
/** An object's content as bytes. */
function readObjectBytes(s3, at) {
    return getObject(s3, at, (body) => body.transformToByteArray());
}
/** Write (or replace) an object. */
async function putObject(s3, at, body, contentType) {
    await put(s3, at, body, contentType ? { ContentType: contentType } : {});
}
async function put(s3, at, body, extra) {
    await s3
        .send(new client_s3_dist_cjs.PutObjectCommand({ Bucket: at.bucket, Key: at.key, Body: body, ...extra }))
        .catch((error) => {
        throw isPreconditionFailed(error) && extra.IfNoneMatch
            ? error
            : explainAwsError(error, `s3:PutObject on ${s3UriOf(at)}`);
    });
}
/**
 * Create an object only if none of that key exists (conditional PutObject, `If-None-Match: *`): of two writers of
 * the same key exactly one succeeds. Returns false, writing nothing, when the key was taken.
 */
async function putObjectIfAbsent(s3, at, body, contentType = 'application/json') {
    try {
        await put(s3, at, body, { IfNoneMatch: '*', ContentType: contentType });
        return true;
    }
    catch (error) {
        if (isPreconditionFailed(error))
            return false;
        throw error;
    }
}
/** Upload a local file to an object. */
async function uploadFile(s3, file, at) {
    await putObject(s3, at, await (0,promises_.readFile)(file));
}
/** Keys of the objects under a prefix (every page), in the order S3 lists them (ascending). */
async function listObjectKeys(s3, at) {
    const keys = [];
    let token;
    do {
        const page = await s3
            .send(new client_s3_dist_cjs.ListObjectsV2Command({ Bucket: at.bucket, Prefix: at.key, ContinuationToken: token }))
            .catch((error) => {
            throw explainAwsError(error, `s3:ListBucket on ${s3UriOf(at)}`);
        });
        for (const o of page.Contents ?? [])
            if (o.Key)
                keys.push(o.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
}
/** Whether an object exists (HeadObject), so content-addressed uploads can be skipped. */
async function objectExists(s3, at) {
    try {
        await s3.send(new client_s3_dist_cjs.HeadObjectCommand({ Bucket: at.bucket, Key: at.key }));
        return true;
    }
    catch (error) {
        if (isNotFound(error))
            return false;
        throw explainAwsError(error, `s3:GetObject (HeadObject) on ${s3UriOf(at)}`);
    }
}
/** Upload report files under an s3:// prefix (replacing objects of the same name); returns each one's s3:// URI. */
async function publishUnder(s3, prefix, files) {
    const uris = [];
    for (const file of files) {
        const at = objectUnder(prefix, file.name);
        await putObject(s3, at, file.body, file.contentType);
        uris.push(s3UriOf(at));
    }
    return uris;
}

;// CONCATENATED MODULE: ../../packages/aws/src/athena.ts
// Athena queries from start to result: an idempotent start (a re-run of the workflow gets the same query back and
// never pays twice), polling with backoff and progress lines, failures with Athena's reason, a scan ceiling, the
// result read from the output location in S3 (one GET, not GetQueryResults pages), and stop on cancel.






// Ended without a result: a re-run must start a new query for these, so the token moves on (see startQuery).
const ENDED_WITHOUT_RESULT = new Set(['FAILED', 'CANCELLED']);
const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 20_000;
const MAX_RESTARTS = 5;
/**
 * ClientRequestToken for a query: Athena returns the existing execution for a token it has seen, so the token is the
 * run (repository and run id, shared by every attempt) plus the SQL; `restart` counts queries that ended without a
 * result. Outside a workflow run (the CLI) every invocation is its own run.
 */
function athenaRequestToken(query, restart, now) {
    const run = query.run.runId ? `${query.run.repository}|${query.run.runId}` : `local|${now.toISOString()}`;
    return (0,external_node_crypto_.createHash)('sha256').update(`${run}|${restart}|${query.sql}`).digest('hex');
}
/** The execution as Athena reports it. */
async function getAthenaQuery(athena, executionId) {
    try {
        const out = await athena.send(new dist_cjs/* GetQueryExecutionCommand */.mRu({ QueryExecutionId: executionId }));
        return out.QueryExecution;
    }
    catch (error) {
        throw explainAwsError(error, 'athena:GetQueryExecution', { detail: ` (query ${executionId})` });
    }
}
async function startQuery(athena, query, deps) {
    for (let restart = 0; restart <= MAX_RESTARTS; restart++) {
        let executionId;
        try {
            const out = await athena.send(new dist_cjs/* StartQueryExecutionCommand */.Wjk({
                QueryString: query.sql,
                ClientRequestToken: athenaRequestToken(query, restart, deps.now()),
                WorkGroup: query.workgroup || undefined,
                ResultConfiguration: query.outputLocation ? { OutputLocation: query.outputLocation } : undefined,
            }));
            executionId = out.QueryExecutionId;
        }
        catch (error) {
            throw explainAwsError(error, 'athena:StartQueryExecution', {
                detail: query.workgroup ? ` (workgroup ${query.workgroup})` : '',
                validationHint: 'Athena rejected the query: check athena-output (an s3:// prefix the role can write) or the workgroup’s result location, and the table and columns named in the inputs.',
            });
        }
        const execution = await getAthenaQuery(athena, executionId);
        const state = execution.Status?.State ?? 'QUEUED';
        if (!ENDED_WITHOUT_RESULT.has(state)) {
            const reused = state === 'SUCCEEDED' || state === 'RUNNING' || state === 'QUEUED';
            const before = execution.Status?.SubmissionDateTime;
            const earlier = reused && before !== undefined && before.getTime() < deps.now().getTime() - 60_000;
            if (earlier)
                deps.logger.info(`Athena query ${executionId} was started by an earlier attempt: reusing it.`);
            return { execution, reused: earlier };
        }
        deps.logger.info(`Athena query ${executionId} from an earlier attempt ended ${state}${reasonOf(execution)}: starting it again.`);
    }
    throw new errors/* UserError */.yo(`The Athena query ended without a result ${MAX_RESTARTS + 1} times in this run.`);
}
const reasonOf = (e) => e.Status?.StateChangeReason ? ` (${e.Status.StateChangeReason.replace(/\s+/g, ' ')})` : '';
const gigabytes = (bytes) => `${(bytes / 1e9).toFixed(2)} GB`;
const elapsed = (ms) => {
    const s = Math.round(ms / 1000);
    return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};
/** Ask Athena to stop a query that is still queued or running; true when StopQueryExecution was sent. */
async function stopAthenaQueryIfRunning(athena, executionId, logger) {
    const state = (await getAthenaQuery(athena, executionId)).Status?.State;
    if (state !== 'QUEUED' && state !== 'RUNNING') {
        logger.info(`Athena query ${executionId} is ${state ?? 'gone'}; nothing to stop.`);
        return false;
    }
    try {
        await athena.send(new dist_cjs/* StopQueryExecutionCommand */.aaO({ QueryExecutionId: executionId }));
    }
    catch (error) {
        throw explainAwsError(error, 'athena:StopQueryExecution', { detail: ` (query ${executionId})` });
    }
    logger.info(`Stopped Athena query ${executionId}.`);
    return true;
}
/** Poll until the query ends, backing off from 1 s to 20 s, with one progress line per poll. */
async function waitForQuery(athena, first, options, deps) {
    const id = first.QueryExecutionId;
    const start = deps.now().getTime();
    let execution = first;
    let pollMs = FIRST_POLL_MS;
    for (;;) {
        const state = execution.Status?.State ?? 'QUEUED';
        const scanned = execution.Statistics?.DataScannedInBytes ?? 0;
        const since = deps.now().getTime() - start;
        deps.logger.info(`[${elapsed(since)}] Athena query ${id}: ${state}, ${gigabytes(scanned)} scanned`);
        if (state !== 'QUEUED' && state !== 'RUNNING')
            return execution;
        if (options.maxScanBytes !== undefined && scanned > options.maxScanBytes) {
            await stopAthenaQueryIfRunning(athena, id, deps.logger);
            throw new errors/* UserError */.yo(`Athena query ${id} stopped: it scanned ${gigabytes(scanned)}, more than max-scan-gb (${gigabytes(options.maxScanBytes)}).`, { hint: 'Narrow athena-where to fewer partitions, or raise max-scan-gb.' });
        }
        if (since >= options.timeoutMs) {
            throw new errors/* UserError */.yo(`Athena query ${id} is still ${state} after ${elapsed(since)}; the step gives up (the query keeps running until the post step stops it).`, {
                hint: 'Raise athena-timeout, or narrow athena-where. A re-run reuses this query instead of paying again.',
            });
        }
        await deps.sleep(pollMs);
        pollMs = Math.min(pollMs * 2, MAX_POLL_MS);
        execution = await getAthenaQuery(athena, id);
    }
}
const s3Location = (uri) => {
    const m = uri.match(/^s3:\/\/([^/]+)\/(.+)$/);
    if (!m)
        throw new Error(`Athena output location ${JSON.stringify(uri)} is not an s3:// object.`);
    return { bucket: m[1], key: m[2] };
};
/** Run a query to the end and read its result file. A FAILED or CANCELLED query is a UserError with Athena's reason. */
async function runAthenaQuery(clients, query, options, deps) {
    const started = await startQuery(clients.athena, query, deps);
    const executionId = started.execution.QueryExecutionId;
    options.onStarted?.(executionId);
    const execution = await waitForQuery(clients.athena, started.execution, options, deps);
    const state = execution.Status?.State;
    if (state !== 'SUCCEEDED') {
        throw new errors/* UserError */.yo(`Athena query ${executionId} ended ${state}${reasonOf(execution)}.`, {
            hint: state === 'CANCELLED'
                ? 'The query was stopped (a cancelled workflow, or someone in the console); re-run to start it again.'
                : 'Fix what the reason names (a column or table name in the inputs, athena-where, permissions on the table’s S3 location).',
        });
    }
    const output = execution.ResultConfiguration?.OutputLocation;
    if (!output)
        throw new Error(`Athena query ${executionId} succeeded without an output location.`);
    const rows = parseAthenaCsv(await readObjectText(clients.s3, s3Location(output)));
    return {
        executionId,
        rows,
        bytesScanned: execution.Statistics?.DataScannedInBytes ?? 0,
        reused: started.reused,
    };
}

// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-cloudformation@3.1169.0/node_modules/@aws-sdk/client-cloudformation/dist-cjs/index.js
var client_cloudformation_dist_cjs = __webpack_require__(9659);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-cloudwatch-logs@3.1169.0/node_modules/@aws-sdk/client-cloudwatch-logs/dist-cjs/index.js
var client_cloudwatch_logs_dist_cjs = __webpack_require__(7061);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-sagemaker@3.1142.0/node_modules/@aws-sdk/client-sagemaker/dist-cjs/index.js
var client_sagemaker_dist_cjs = __webpack_require__(3294);
;// CONCATENATED MODULE: ../../packages/aws/src/clients.ts






const USER_AGENT = 'mlops-actions/0.1';
/** Region from the standard chain's variables, with a message that says how to set it. */
function resolveRegion(env = process.env, explicit) {
    const region = explicit || env.AWS_REGION || env.AWS_DEFAULT_REGION;
    if (!region) {
        throw new errors/* UserError */.yo('AWS region is not set.', {
            hint: 'Add aws-actions/configure-aws-credentials with `aws-region:` before this step, or set AWS_REGION.',
        });
    }
    if (!/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/.test(region)) {
        throw new errors/* UserError */.yo(`Region is not valid: ${JSON.stringify(region)}.`, {
            hint: 'Use a region code like eu-west-1.',
        });
    }
    return region;
}
/** Common client settings: standard retry mode (throttling is retried with backoff) and our user agent. */
function clientSettings(env = process.env, region) {
    return {
        region: resolveRegion(env, region),
        retryMode: 'standard',
        maxAttempts: Number(env.AWS_MAX_ATTEMPTS) || 5,
        customUserAgent: USER_AGENT,
    };
}
/**
 * Custom S3-compatible endpoints (a local server, MinIO) generally need path-style addressing, so it is used when
 * AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL is set; AWS_S3_FORCE_PATH_STYLE=true|false overrides.
 */
function s3PathStyle(env = process.env) {
    if (env.AWS_S3_FORCE_PATH_STYLE)
        return env.AWS_S3_FORCE_PATH_STYLE === 'true';
    return Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
}
/** The one place clients are built. */
const awsClients = {
    s3: (env = process.env, region) => new client_s3_dist_cjs.S3Client({ ...clientSettings(env, region), forcePathStyle: s3PathStyle(env) }),
    sagemaker: (env = process.env, region) => new client_sagemaker_dist_cjs/* SageMakerClient */.kHU(clientSettings(env, region)),
    cloudformation: (env = process.env, region) => new client_cloudformation_dist_cjs/* CloudFormationClient */.m1N(clientSettings(env, region)),
    logs: (env = process.env, region) => new client_cloudwatch_logs_dist_cjs/* CloudWatchLogsClient */.TFr(clientSettings(env, region)),
    athena: (env = process.env, region) => new dist_cjs/* AthenaClient */.T7g(clientSettings(env, region)),
};
/** Clients from the standard chain for this environment, each built once, when first asked for. */
function lazyAwsClients(env = process.env) {
    let s3;
    let sagemaker;
    let cloudformation;
    let logs;
    let athena;
    return {
        s3: () => (s3 ??= awsClients.s3(env)),
        sagemaker: () => (sagemaker ??= awsClients.sagemaker(env)),
        cloudformation: () => (cloudformation ??= awsClients.cloudformation(env)),
        logs: () => (logs ??= awsClients.logs(env)),
        athena: () => (athena ??= awsClients.athena(env)),
    };
}

;// CONCATENATED MODULE: ../../packages/aws/src/wait.ts
/** Whole minutes of a timeout, for messages ("after the 30m timeout"). */
const timeoutMinutes = (ms) => Math.round(ms / 60_000);
/** Elapsed time for progress lines: `42s`, or `3m07s` from a minute on. */
function formatElapsed(ms) {
    const s = Math.round(ms / 1000);
    return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

;// CONCATENATED MODULE: ../../packages/aws/src/cloudformation/change-sets.ts




/**
 * Create a change set. A set of that name from an earlier try of this attempt is reused; an unchanged template
 * answered with an error at creation (the moto emulator) counts as an empty change set, as AWS's FAILED one does.
 */
async function createChangeSet(cfn, request) {
    try {
        const res = await cfn.send(new client_cloudformation_dist_cjs/* CreateChangeSetCommand */.YDU(request));
        return { id: res.Id, created: true, empty: false };
    }
    catch (error) {
        if (isNoChanges(error))
            return { id: '', created: false, empty: true };
        if (error.name !== 'AlreadyExistsException')
            throw explainAwsError(error, 'cloudformation:CreateChangeSet', {
                passRole: 'the stack service role (role-arn)',
            });
    }
    const existing = await describeChangeSet(cfn, request.StackName, request.ChangeSetName);
    return { id: existing?.ChangeSetId ?? '', created: false, empty: false };
}
/** Describe a change set, or undefined when it does not exist. */
async function describeChangeSet(cfn, stack, name) {
    try {
        return await cfn.send(new client_cloudformation_dist_cjs/* DescribeChangeSetCommand */.TTT({ StackName: stack, ChangeSetName: name }));
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw explainAwsError(error, 'cloudformation:DescribeChangeSet');
    }
}
/** Wait for a change set to be created; `empty` when CloudFormation found nothing to change. */
async function waitForChangeSet(cfn, stack, name, options, deps) {
    const start = deps.now().getTime();
    for (;;) {
        const first = await describeChangeSet(cfn, stack, name);
        if (!first)
            throw new errors/* UserError */.yo(`Change set ${name} of stack ${stack} disappeared while it was created.`);
        if (first.Status === 'FAILED') {
            if (isNoChanges(first.StatusReason ?? ''))
                return { changeSet: first, changes: [], empty: true };
            throw new errors/* UserError */.yo(`Change set ${name} failed: ${first.StatusReason ?? 'no reason given'}`);
        }
        if (first.Status === 'CREATE_COMPLETE') {
            const changes = [...(first.Changes ?? [])];
            let token = first.NextToken;
            while (token) {
                const page = await cfn.send(new client_cloudformation_dist_cjs/* DescribeChangeSetCommand */.TTT({ StackName: stack, ChangeSetName: name, NextToken: token }));
                changes.push(...(page.Changes ?? []));
                token = page.NextToken;
            }
            return { changeSet: first, changes, empty: changes.length === 0 };
        }
        if (deps.now().getTime() - start >= options.timeoutMs)
            throw new errors/* UserError */.yo(`Change set ${name} is still ${first.Status} after the ${timeoutMinutes(options.timeoutMs)}m timeout.`);
        await deps.sleep(Math.min(options.pollMs, 5000));
    }
}
/** Delete a change set, ignoring failure (it may never have been created). */
async function deleteChangeSetQuietly(cfn, stack, name) {
    await cfn
        .send(new client_cloudformation_dist_cjs/* DeleteChangeSetCommand */.$GE({ StackName: stack, ChangeSetName: name }))
        .catch(() => undefined);
}
/** Execute a change set (the stack operation starts; follow it with followStack). */
async function executeChangeSet(cfn, stack, name) {
    try {
        await cfn.send(new client_cloudformation_dist_cjs/* ExecuteChangeSetCommand */.PB_({ StackName: stack, ChangeSetName: name }));
    }
    catch (error) {
        throw explainAwsError(error, 'cloudformation:ExecuteChangeSet', {
            passRole: 'the stack service role (role-arn)',
        });
    }
}

;// CONCATENATED MODULE: ../../packages/aws/src/cloudformation/stacks.ts




/** Describe a stack (by name or id), or undefined when it does not exist. */
async function describeStack(cfn, name) {
    try {
        const { Stacks } = await cfn.send(new client_cloudformation_dist_cjs/* DescribeStacksCommand */.Y47({ StackName: name }));
        return Stacks?.[0];
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw explainAwsError(error, 'cloudformation:DescribeStacks');
    }
}
/** A stack's outputs by key. */
async function stackOutputs(cfn, stackId) {
    const stack = await describeStack(cfn, stackId);
    return Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue ?? '']));
}
/** An operation is running (REVIEW_IN_PROGRESS is a stack made by a change set that was never executed). */
const isInProgress = (status) => Boolean(status?.endsWith('_IN_PROGRESS')) && status !== 'REVIEW_IN_PROGRESS';
const SUCCESS = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE', 'DELETE_COMPLETE']);
/** The stack's last operation succeeded. */
function succeeded(stack) {
    return SUCCESS.has(stack.StackStatus ?? '');
}
/** Latest events first, as DescribeStackEvents returns them, down to `since`. */
async function eventsSince(cfn, stack, since) {
    const out = [];
    let token;
    do {
        const page = await cfn
            .send(new client_cloudformation_dist_cjs/* DescribeStackEventsCommand */.Ie9({ StackName: stack, NextToken: token }))
            .catch((error) => Promise.reject(explainAwsError(error, 'cloudformation:DescribeStackEvents')));
        for (const e of page.StackEvents ?? []) {
            if (new Date(e.Timestamp).getTime() < since)
                return out;
            out.push(e);
        }
        token = page.NextToken;
    } while (token);
    return out;
}
/** One event as a log line: time, status, type, logical id and reason. */
function formatEvent(e) {
    const time = new Date(e.Timestamp).toISOString().slice(11, 19);
    return `${time}  ${(e.ResourceStatus ?? '').padEnd(28)} ${e.ResourceType ?? ''} ${e.LogicalResourceId ?? ''}${e.ResourceStatusReason ? ` – ${e.ResourceStatusReason}` : ''}`;
}
const CANCELLED = /Resource (creation|update|deletion) cancelled|cancelled|The following resource\(s\) failed to/i;
/** The root cause of a failed operation: the earliest failed resource event that is not a cancellation echo. */
function rootCause(events) {
    const failed = events
        .filter((e) => e.ResourceStatus?.endsWith('_FAILED') && e.ResourceStatusReason)
        .sort((a, b) => new Date(a.Timestamp).getTime() - new Date(b.Timestamp).getTime());
    return (failed.find((e) => !CANCELLED.test(e.ResourceStatusReason) && e.ResourceType !== 'AWS::CloudFormation::Stack') ??
        failed.find((e) => !CANCELLED.test(e.ResourceStatusReason)) ??
        failed[0]);
}
/**
 * Follow a stack operation started at `since`: print new events oldest first, until the stack leaves *_IN_PROGRESS
 * (rollbacks included). Returns the final stack and all events of the operation.
 */
async function followStack(cfn, stackId, since, options, deps) {
    const seen = new Set();
    const all = [];
    const start = deps.now().getTime();
    for (;;) {
        const events = await eventsSince(cfn, stackId, since);
        for (const e of events.reverse()) {
            if (seen.has(e.EventId))
                continue;
            seen.add(e.EventId);
            all.push(e);
            deps.logger.info(formatEvent(e));
        }
        const stack = await describeStack(cfn, stackId);
        if (!stack)
            throw new errors/* UserError */.yo(`Stack ${stackId} disappeared during the operation.`);
        if (!isInProgress(stack.StackStatus))
            return { stack, events: all };
        if (deps.now().getTime() - start >= options.timeoutMs)
            throw new errors/* UserError */.yo(`Stack ${stack.StackName} is still ${stack.StackStatus} after the ${timeoutMinutes(options.timeoutMs)}m timeout.`, {
                hint: 'The operation goes on in CloudFormation; do not start another deployment until it ends (check the console).',
            });
        await deps.sleep(options.pollMs);
    }
}
/** Wait for another operation holding the stack; fail at the timeout saying who holds it. */
async function waitUntilIdle(cfn, name, options, deps) {
    const start = deps.now().getTime();
    let stack = await describeStack(cfn, name);
    let logged = false;
    while (stack && isInProgress(stack.StackStatus)) {
        if (!logged) {
            deps.logger.info(`Stack ${name} is ${stack.StackStatus} (another operation); waiting for it to finish.`);
            logged = true;
        }
        if (deps.now().getTime() - start >= options.timeoutMs) {
            const { StackEvents } = await cfn.send(new client_cloudformation_dist_cjs/* DescribeStackEventsCommand */.Ie9({ StackName: name }));
            const last = StackEvents?.[0];
            const holder = last?.ClientRequestToken ? ` (client request token ${last.ClientRequestToken})` : '';
            throw new errors/* UserError */.yo(`Stack ${name} is locked: still ${stack.StackStatus} after the ${timeoutMinutes(options.timeoutMs)}m timeout, by an operation started ${stack.LastUpdatedTime ? new Date(stack.LastUpdatedTime).toISOString() : new Date(stack.CreationTime).toISOString()}${holder}${last ? `; latest event: ${formatEvent(last).replace(/\s+/g, ' ')}` : ''}.`, {
                hint: 'Wait for it to finish (or cancel it in the console), and use a `concurrency:` group so deployments never overlap.',
            });
        }
        await deps.sleep(options.pollMs);
        stack = await describeStack(cfn, name);
    }
    return stack;
}
/** Delete a stack and follow the deletion to its end; fails unless it ends DELETE_COMPLETE. */
async function deleteStackAndWait(cfn, stack, options, deps) {
    const since = deps.now().getTime();
    await cfn
        .send(new client_cloudformation_dist_cjs/* DeleteStackCommand */.fAr({ StackName: stack.StackId }))
        .catch((error) => Promise.reject(explainAwsError(error, 'cloudformation:DeleteStack')));
    const { stack: final } = await followStack(cfn, stack.StackId, since, options, deps);
    if (final.StackStatus !== 'DELETE_COMPLETE')
        throw new errors/* UserError */.yo(`Deleting stack ${stack.StackName} ended in ${final.StackStatus}: ${final.StackStatusReason ?? ''}`);
}
/** Delete a stack without waiting, ignoring failure (cleanup of an empty REVIEW_IN_PROGRESS stack). */
async function deleteStackQuietly(cfn, name) {
    await cfn.send(new client_cloudformation_dist_cjs/* DeleteStackCommand */.fAr({ StackName: name })).catch(() => undefined);
}
/** Switch termination protection on. */
async function enableTerminationProtection(cfn, stackId) {
    await cfn
        .send(new client_cloudformation_dist_cjs/* UpdateTerminationProtectionCommand */.mP2({ StackName: stackId, EnableTerminationProtection: true }))
        .catch((error) => Promise.reject(explainAwsError(error, 'cloudformation:UpdateTerminationProtection')));
}

;// CONCATENATED MODULE: ../../packages/aws/src/logs.ts


/** The log group SageMaker training jobs write to. */
const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';
/** Follows a job's CloudWatch log streams (`<job>/algo-N-…`), printing new lines as they appear. */
class LogFollower {
    tokens = new Map();
    warned = false;
    logs;
    job;
    logger;
    group;
    constructor(logs, job, logger, group = TRAINING_LOG_GROUP) {
        this.logs = logs;
        this.job = job;
        this.logger = logger;
        this.group = group;
    }
    async streams() {
        const streams = [];
        let nextToken;
        do {
            const page = await this.logs.send(new client_cloudwatch_logs_dist_cjs/* DescribeLogStreamsCommand */.w$R({
                logGroupName: this.group,
                logStreamNamePrefix: `${this.job}/`,
                nextToken,
            }));
            for (const s of page.logStreams ?? [])
                if (s.logStreamName)
                    streams.push(s.logStreamName);
            nextToken = page.nextToken;
        } while (nextToken);
        return streams.sort();
    }
    /** Print the lines that appeared since the last poll; returns how many events were printed. */
    async poll() {
        let printed = 0;
        try {
            const streams = await this.streams();
            for (const stream of streams) {
                const prefix = streams.length > 1 ? `[${stream.slice(this.job.length + 1)}] ` : '';
                for (;;) {
                    const token = this.tokens.get(stream);
                    const page = await this.logs.send(new client_cloudwatch_logs_dist_cjs/* GetLogEventsCommand */.h7S({
                        logGroupName: this.group,
                        logStreamName: stream,
                        startFromHead: true,
                        nextToken: token,
                    }));
                    for (const e of page.events ?? []) {
                        for (const line of (e.message ?? '').replace(/\n$/, '').split('\n'))
                            this.logger.info(`${prefix}${line}`);
                        printed++;
                    }
                    this.tokens.set(stream, page.nextForwardToken);
                    // The same token back means the end of the stream for now.
                    if (!page.events?.length || page.nextForwardToken === token)
                        break;
                }
            }
        }
        catch (error) {
            const { name, message } = awsError(error);
            if (name === 'ResourceNotFoundException')
                return printed; // the log group appears with the first job
            if (!this.warned) {
                this.warned = true;
                this.logger.warning(`Cannot read the training logs (${name}: ${message}); grant logs:DescribeLogStreams and logs:GetLogEvents on ${this.group} to see them here. Waiting without logs.`);
            }
        }
        return printed;
    }
}

;// CONCATENATED MODULE: ../../packages/aws/src/names.ts

/** SageMaker's rule for job, model and endpoint names: 1–63 letters, digits and inner hyphens. */
const SAGEMAKER_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const slug = (text) => text
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/-{2,}/g, '-');
/**
 * `<base>-<suffix>` within SageMaker's 63 characters: both reduced to letters, digits and single hyphens, the base
 * shortened (never the suffix, which carries what makes the name unique), `fallback` when the base is empty.
 */
function sagemakerName(base, suffix, fallback) {
    const tail = `-${slug(suffix)}`;
    const head = slug(base) || fallback;
    const name = `${head.slice(0, 63 - tail.length).replace(/-+$/, '')}${tail}`;
    return /^[a-zA-Z0-9]/.test(name) ? name : `${fallback.slice(0, 1)}${name.slice(1)}`;
}
/**
 * The deterministic name of a step's SageMaker job: `<repo>-<run id>-<attempt>-<hash>`, the hash (6 hex) of the
 * workflow job and step id, so a re-run of the same attempt finds the job it started instead of starting another.
 */
function runScopedName(scope, fallback) {
    const hash = (0,external_node_crypto_.createHash)('sha256').update(`${scope.job}/${scope.step}`).digest('hex').slice(0, 6);
    const runId = scope.runId || `local${Date.now()}`;
    return sagemakerName(scope.repository.split('/').pop() ?? '', `${runId}-${scope.runAttempt}-${hash}`, fallback);
}
/**
 * The object name stem of a run's report: `<kind>-<run id>-<attempt>` in a workflow (a re-run of the attempt replaces
 * its own report), `<kind>-<as-of>` outside one (the CLI).
 */
function reportStem(kind, run, asOf) {
    return run.runId ? `${kind}-${run.runId}-${run.runAttempt}` : `${kind}-${asOf.replace(/[:.]/g, '-')}`;
}
/** SageMaker instance types: `ml.<family>.<size>`, e.g. ml.m5.xlarge or ml.g5.2xlarge. */
const INSTANCE_TYPE_PATTERN = /^ml\.[a-z0-9]+(-[a-z0-9]+)?\.[a-z0-9]+$/;
/** An IAM role ARN (the SageMaker execution role). */
const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** A versioned model package ARN: `arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>`. */
const MODEL_PACKAGE_ARN_PATTERN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package\/[^/]+\/\d+$/;

;// CONCATENATED MODULE: ../../packages/aws/src/sagemaker/endpoints.ts




/** Describe an endpoint, or undefined when it does not exist. */
async function describeEndpoint(sm, name) {
    return unlessNotFound(sm.send(new client_sagemaker_dist_cjs/* DescribeEndpointCommand */.CX3({ EndpointName: name })), 'sagemaker:DescribeEndpoint');
}
async function describeConfig(sm, name) {
    try {
        return await sm.send(new client_sagemaker_dist_cjs/* DescribeEndpointConfigCommand */.uoq({ EndpointConfigName: name }));
    }
    catch (error) {
        throw explainAwsError(error, 'sagemaker:DescribeEndpointConfig');
    }
}
/** The model package the endpoint serves now (through its config's first variant and that model), if any. */
async function endpointModelPackage(sm, endpoint) {
    if (!endpoint?.EndpointConfigName)
        return undefined;
    const config = await describeConfig(sm, endpoint.EndpointConfigName);
    const modelName = config.ProductionVariants?.[0]?.ModelName;
    if (!modelName)
        return undefined;
    const model = await describeModel(sm, modelName);
    if (!model)
        throw new errors/* UserError */.yo(`Endpoint ${endpoint.EndpointName} serves model ${modelName} (config ${endpoint.EndpointConfigName}), which does not exist.`, { hint: 'Check the endpoint in the SageMaker console: a deleted model cannot serve.' });
    return modelPackageOf(model);
}
/** The data capture settings of the endpoint's current config. */
async function endpointDataCapture(sm, endpoint) {
    if (!endpoint?.EndpointConfigName)
        return undefined;
    return (await describeConfig(sm, endpoint.EndpointConfigName)).DataCaptureConfig;
}
/** Describe a SageMaker model, or undefined when it does not exist. */
async function describeModel(sm, name) {
    return unlessNotFound(sm.send(new client_sagemaker_dist_cjs/* DescribeModelCommand */.utY({ ModelName: name })), 'sagemaker:DescribeModel', {
        detail: ` (model ${name})`,
    });
}
/** The model package a model serves (its first container's ModelPackageName), if any. */
const modelPackageOf = (model) => model?.PrimaryContainer?.ModelPackageName ?? model?.Containers?.[0]?.ModelPackageName;
/**
 * Create a model serving a model package unless a model of that name exists (a concurrent creation counts as
 * existing); true when created. `tagged` records the package as a tag, which needs sagemaker:AddTags too.
 */
async function ensureModel(sm, name, modelPackageArn, executionRoleArn, { tagged = true } = {}) {
    if (await describeModel(sm, name))
        return false;
    try {
        await sm.send(new client_sagemaker_dist_cjs/* CreateModelCommand */.TIE({
            ModelName: name,
            PrimaryContainer: { ModelPackageName: modelPackageArn },
            ExecutionRoleArn: executionRoleArn,
            ...(tagged ? { Tags: [{ Key: 'mlops-actions:model-package', Value: modelPackageArn }] } : {}),
        }));
    }
    catch (error) {
        if (isAlreadyExists(error))
            return false;
        throw explainAwsError(error, 'sagemaker:CreateModel', {
            detail: ` (model ${name})`,
            passRole: 'the execution role (execution-role-arn)',
        });
    }
    return true;
}
/** Create an endpoint config unless one of that name exists (an earlier try of this attempt: reuse, never mutate). */
async function ensureEndpointConfig(sm, request) {
    try {
        await sm.send(new client_sagemaker_dist_cjs/* DescribeEndpointConfigCommand */.uoq({ EndpointConfigName: request.EndpointConfigName }));
        return false;
    }
    catch (error) {
        if (!isNotFound(error))
            throw explainAwsError(error, 'sagemaker:DescribeEndpointConfig');
    }
    try {
        await sm.send(new client_sagemaker_dist_cjs/* CreateEndpointConfigCommand */.dH8(request));
    }
    catch (error) {
        throw explainAwsError(error, 'sagemaker:CreateEndpointConfig');
    }
    return true;
}
/** Point an endpoint at a config: create the endpoint when it is new, else a (blue/green) update unless already on it. */
async function rollOutEndpoint(sm, name, configName, current, deployment) {
    try {
        if (!current)
            await sm.send(new client_sagemaker_dist_cjs/* CreateEndpointCommand */.fRi({
                EndpointName: name,
                EndpointConfigName: configName,
                Tags: [{ Key: 'managed-by', Value: 'mlops-actions' }],
            }));
        else if (current.EndpointConfigName !== configName)
            await sm.send(new client_sagemaker_dist_cjs/* UpdateEndpointCommand */.sU7({
                EndpointName: name,
                EndpointConfigName: configName,
                DeploymentConfig: deployment,
                RetainAllVariantProperties: false,
            }));
    }
    catch (error) {
        throw explainAwsError(error, current ? 'sagemaker:UpdateEndpoint' : 'sagemaker:CreateEndpoint');
    }
}
/**
 * Wait for InService on `configName`. Fails with the reason on Failed, when SageMaker rolled the update back
 * (InService on another config), on UpdateRollbackFailed or OutOfService, and at the timeout.
 */
async function waitForEndpoint(sm, name, configName, options, deps) {
    const start = deps.now().getTime();
    let last = '';
    for (;;) {
        const e = await describeEndpoint(sm, name);
        if (!e)
            throw new errors/* UserError */.yo(`Endpoint ${name} disappeared during the rollout.`);
        const since = Math.round((deps.now().getTime() - start) / 1000);
        const state = `${e.EndpointStatus}/${e.EndpointConfigName}`;
        if (state !== last) {
            deps.logger.info(`[${since}s] ${name}: ${e.EndpointStatus} (config ${e.EndpointConfigName})`);
            last = state;
        }
        const where = `Endpoint ${name} is ${e.EndpointStatus} on config ${e.EndpointConfigName}`;
        if (e.EndpointStatus === 'InService') {
            if (e.EndpointConfigName === configName)
                return e;
            throw new errors/* UserError */.yo(`SageMaker rolled back the update to ${configName}${e.FailureReason ? `: ${e.FailureReason}` : ''}. ${where} (the previous model still serves).`);
        }
        if (e.EndpointStatus === 'Failed' ||
            e.EndpointStatus === 'UpdateRollbackFailed' ||
            e.EndpointStatus === 'OutOfService')
            throw new errors/* UserError */.yo(`The rollout of ${configName} failed: ${e.FailureReason ?? 'no FailureReason given'}. ${where}.`);
        if (deps.now().getTime() - start >= options.timeoutMs)
            throw new errors/* UserError */.yo(`${where} after the ${timeoutMinutes(options.timeoutMs)}m timeout.`, {
                hint: 'The rollout goes on in SageMaker: watch it in the console, and re-run this workflow to record the result.',
            });
        await deps.sleep(options.pollMs);
    }
}

;// CONCATENATED MODULE: ../../packages/aws/src/sagemaker/framework-images.ts
// AWS's prebuilt SageMaker training images, for run-training's `framework` input.
//
// Source: the registry accounts and repositories of the SageMaker Python SDK's published image tables
// (github.com/aws/sagemaker-python-sdk, src/sagemaker/image_uri_config/{sklearn,xgboost,pytorch,tensorflow}.json) and
// the Deep Learning Containers region table (github.com/aws/deep-learning-containers, available_images.md); tags as
// the SDK forms them (`<version>-<cpu|gpu>-<py>`, XGBoost from 1.2-1 just `<version>`). Read on 2026-11-30.
// To add a version: add its tags below, check the account of each region against those two tables, and a test.

/**
 * Accounts of the images AWS builds for its first-party algorithms and the scikit-learn / XGBoost framework
 * containers (`sagemaker-scikit-learn`, `sagemaker-xgboost`), by region.
 */
const FIRST_PARTY = new Map([
    ['us-east-1', '683313688378'],
    ['us-east-2', '257758044811'],
    ['us-west-1', '746614075791'],
    ['us-west-2', '246618743249'],
    ['ca-central-1', '341280168497'],
    ['sa-east-1', '737474898029'],
    ['eu-west-1', '141502667606'],
    ['eu-west-2', '764974769150'],
    ['eu-west-3', '659782779980'],
    ['eu-central-1', '492215442770'],
    ['eu-north-1', '662702820516'],
    ['eu-south-1', '978288397137'],
    ['af-south-1', '510948584623'],
    ['me-south-1', '801668240914'],
    ['ap-east-1', '651117190479'],
    ['ap-south-1', '720646828776'],
    ['ap-northeast-1', '354813040037'],
    ['ap-northeast-2', '366743142698'],
    ['ap-northeast-3', '867004704886'],
    ['ap-southeast-1', '121021644041'],
    ['ap-southeast-2', '783357654285'],
    ['cn-north-1', '450853457545'],
    ['cn-northwest-1', '451049120500'],
]);
/** Accounts of the AWS Deep Learning Containers (`pytorch-training`, `tensorflow-training`), by region. */
const DEEP_LEARNING = new Map([
    ...[
        'us-east-1',
        'us-east-2',
        'us-west-1',
        'us-west-2',
        'ca-central-1',
        'sa-east-1',
        'eu-west-1',
        'eu-west-2',
        'eu-west-3',
        'eu-central-1',
        'eu-north-1',
        'ap-south-1',
        'ap-northeast-1',
        'ap-northeast-2',
        'ap-southeast-1',
        'ap-southeast-2',
    ].map((region) => [region, '763104351884']),
    ['eu-south-1', '692866216735'],
    ['af-south-1', '626614931356'],
    ['me-south-1', '217643126080'],
    ['ap-east-1', '871362719292'],
    ['ap-northeast-3', '364406365360'],
    ['cn-north-1', '727897471807'],
    ['cn-northwest-1', '727897471807'],
]);
const cpuOnly = (tag) => ({ tags: { cpu: tag }, serves: true });
const sameForBoth = (tag) => ({ tags: { cpu: tag, gpu: tag }, serves: true });
const deepLearning = (full, py) => ({
    full,
    tags: { cpu: `${full}-cpu-${py}`, gpu: `${full}-gpu-${py}` },
    // The training image is not an inference image: registering needs `inference-image`.
    serves: false,
});
const FRAMEWORKS = new Map([
    [
        'sklearn',
        {
            repository: 'sagemaker-scikit-learn',
            registries: FIRST_PARTY,
            versions: new Map([
                ['1.0-1', cpuOnly('1.0-1-cpu-py3')],
                ['1.2-1', cpuOnly('1.2-1-cpu-py3')],
            ]),
        },
    ],
    [
        'xgboost',
        {
            repository: 'sagemaker-xgboost',
            registries: FIRST_PARTY,
            versions: new Map([
                ['1.5-1', sameForBoth('1.5-1')],
                ['1.7-1', sameForBoth('1.7-1')],
            ]),
        },
    ],
    [
        'pytorch',
        {
            repository: 'pytorch-training',
            registries: DEEP_LEARNING,
            versions: new Map([
                ['2.1', deepLearning('2.1.0', 'py310')],
                ['2.2', deepLearning('2.2.0', 'py310')],
                ['2.3', deepLearning('2.3.0', 'py311')],
            ]),
        },
    ],
    [
        'tensorflow',
        {
            repository: 'tensorflow-training',
            registries: DEEP_LEARNING,
            versions: new Map([
                ['2.14', deepLearning('2.14.1', 'py310')],
                ['2.16', deepLearning('2.16.2', 'py310')],
            ]),
        },
    ],
]);
const ALIASES = new Map([['scikit-learn', 'sklearn']]);
const known = () => [...FRAMEWORKS].map(([name, f]) => `${name}:${[...f.versions.keys()].join('|')}`).join(', ');
/** GPU instance families (ml.p*, ml.g*) get the GPU image when the framework has one, as the SageMaker SDK does. */
const processorOf = (instanceType) => /^ml\.(p|g)\d/.test(instanceType ?? '') ? 'gpu' : 'cpu';
/**
 * The prebuilt training image for `framework` (`sklearn:1.2-1`, `xgboost:1.7-1`, `pytorch:2.3`, or a full tag such
 * as `sklearn:1.2-1-cpu-py3` / `pytorch:2.3.0-gpu-py311`) in `region`; the processor follows the tag, else the
 * instance type. Unknown names, versions or regions are a UserError listing what the table holds.
 */
function resolveFrameworkImage(framework, region, instanceType) {
    const [rawName = '', ...rest] = framework.trim().split(':');
    const requested = rest.join(':');
    const name = ALIASES.get(rawName.toLowerCase()) ?? rawName.toLowerCase();
    const spec = FRAMEWORKS.get(name);
    if (!spec || !requested)
        throw new errors/* UserError */.yo(`Input "framework": ${JSON.stringify(framework)} is not a known framework:version.`, {
            hint: `Known: ${known()} (or a full tag such as sklearn:1.2-1-cpu-py3). For another image, set "image" instead.`,
        });
    let match;
    for (const [key, version] of spec.versions) {
        if (requested === key || requested === version.full)
            match = { version };
        for (const [processor, tag] of Object.entries(version.tags))
            if (requested === tag)
                match = { version, processor: processor };
    }
    if (!match)
        throw new errors/* UserError */.yo(`Input "framework": ${name} has no version ${JSON.stringify(requested)} in the table.`, {
            hint: `Known ${name} versions: ${[...spec.versions.keys()].join(', ')}. Set "image" for another version.`,
        });
    const account = spec.registries.get(region);
    if (!account)
        throw new errors/* UserError */.yo(`Input "framework": no ${name} image is listed for region ${region}.`, {
            hint: `Regions in the table: ${[...spec.registries.keys()].join(', ')}. Set "image" to an image your region has.`,
        });
    const processor = match.processor ?? processorOf(instanceType);
    const tag = match.version.tags[processor] ?? match.version.tags.cpu;
    const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    return {
        uri: `${account}.dkr.ecr.${region}.${domain}/${spec.repository}:${tag}`,
        serves: match.version.serves,
    };
}

;// CONCATENATED MODULE: ../../packages/aws/src/sagemaker/registry.ts



/** Create the model package group unless it exists (a concurrent creation counts as existing); true when created. */
async function ensureModelPackageGroup(sm, group, description, logger) {
    try {
        await sm.send(new client_sagemaker_dist_cjs/* DescribeModelPackageGroupCommand */.ruq({ ModelPackageGroupName: group }));
        return false;
    }
    catch (error) {
        if (!isNotFound(error))
            throw explainAwsError(error, 'sagemaker:DescribeModelPackageGroup');
    }
    try {
        await sm.send(new client_sagemaker_dist_cjs/* CreateModelPackageGroupCommand */.EWw({
            ModelPackageGroupName: group,
            ModelPackageGroupDescription: description,
        }));
        logger.info(`Created model package group ${group}`);
        return true;
    }
    catch (error) {
        if (isAlreadyExists(error))
            return false;
        throw explainAwsError(error, 'sagemaker:CreateModelPackageGroup');
    }
}
/** How many of a group's newest packages a registration looks through for one of the same model artifact. */
const RECENT_PACKAGES = 20;
/** A recent package of the group serving this model artifact (an earlier run registered it), if any. */
async function packageForArtifact(sm, group, modelDataUrl) {
    for (const p of await listModelPackages(sm, group, { max: RECENT_PACKAGES })) {
        const pkg = await describeModelPackage(sm, p.arn);
        if (pkg.InferenceSpecification?.Containers?.some((c) => c.ModelDataUrl === modelDataUrl))
            return p.arn;
    }
    return undefined;
}
/** Register a model package (creating its group when missing) unless its artifact is registered; returns its ARN. */
async function createModelPackage(sm, request, logger) {
    const group = request.ModelPackageGroupName;
    const created = await ensureModelPackageGroup(sm, group, 'Created by mlops-actions/run-training', logger);
    // ClientToken makes a re-run return the same package on AWS, but not on every emulator and not forever:
    // a package of the same artifact in the group is the one this run registered before.
    const artifact = request.InferenceSpecification?.Containers?.[0]?.ModelDataUrl;
    const existing = !created && artifact ? await packageForArtifact(sm, group, artifact) : undefined;
    if (existing) {
        logger.info(`${artifact} is already registered as ${existing}; not registering it again.`);
        return existing;
    }
    try {
        const { ModelPackageArn } = await sm.send(new client_sagemaker_dist_cjs/* CreateModelPackageCommand */.N$s(request));
        logger.info(`Registered ${ModelPackageArn} (PendingManualApproval)`);
        return ModelPackageArn;
    }
    catch (error) {
        throw explainAwsError(error, 'sagemaker:CreateModelPackage', { detail: ` in ${group}` });
    }
}
/** ` (input "x")` after a message about a value that came from that input. */
const fromInput = (input) => (input ? ` (input "${input}")` : '');
/** Describe a model package; a missing one is a user error naming it (and the input it came from, when given). */
async function describeModelPackage(sm, arn, input) {
    try {
        return await sm.send(new client_sagemaker_dist_cjs/* DescribeModelPackageCommand */.Uxr({ ModelPackageName: arn }));
    }
    catch (error) {
        if (isNotFound(error))
            throw new errors/* UserError */.yo(`Model package ${arn} does not exist${fromInput(input)}.`, { cause: error });
        throw explainAwsError(error, 'sagemaker:DescribeModelPackage');
    }
}
/** Packages of a group, newest first (the list API sorts ascending by default, which would give the oldest). */
async function listModelPackages(sm, group, options = {}) {
    const max = options.max ?? 100;
    const out = [];
    let token;
    do {
        let page;
        try {
            page = await sm.send(new client_sagemaker_dist_cjs/* ListModelPackagesCommand */.MTG({
                ModelPackageGroupName: group,
                ModelPackageType: 'Versioned',
                SortBy: 'CreationTime',
                SortOrder: 'Descending',
                ...(options.status ? { ModelApprovalStatus: options.status } : {}),
                MaxResults: Math.min(max, 100),
                NextToken: token,
            }));
        }
        catch (error) {
            if (isNotFound(error))
                throw new errors/* UserError */.yo(`Model package group ${group} does not exist${fromInput(options.input)}.`, {
                    cause: error,
                });
            throw explainAwsError(error, 'sagemaker:ListModelPackages');
        }
        for (const p of page.ModelPackageSummaryList ?? [])
            out.push({
                arn: p.ModelPackageArn,
                version: p.ModelPackageVersion ?? 0,
                status: p.ModelApprovalStatus ?? '',
            });
        token = out.length < max ? page.NextToken : undefined;
    } while (token);
    return out;
}
/** Set a package's approval status with a description (and, optionally, customer metadata to record with it). */
async function setModelPackageApproval(sm, arn, status, description, metadata) {
    try {
        await sm.send(new client_sagemaker_dist_cjs/* UpdateModelPackageCommand */.CCy({
            ModelPackageArn: arn,
            ModelApprovalStatus: status,
            ApprovalDescription: description.slice(0, 1024),
            ...(metadata ? { CustomerMetadataProperties: metadata } : {}),
        }));
    }
    catch (error) {
        throw explainAwsError(error, 'sagemaker:UpdateModelPackage');
    }
}

;// CONCATENATED MODULE: ../../packages/aws/src/sagemaker/training.ts




const training_MAX_POLL_MS = 60_000;
const training = (name) => ({
    detail: ` (job ${name})`,
    passRole: 'the SageMaker execution role',
    validationHint: 'SageMaker rejected the request: fix the field it names in job-config or the matching input.',
});
/** Describe a training job, or undefined when it does not exist. */
async function describeTrainingJob(sm, name) {
    return unlessNotFound(sm.send(new client_sagemaker_dist_cjs/* DescribeTrainingJobCommand */.Sjt({ TrainingJobName: name })), 'sagemaker:DescribeTrainingJob', training(name));
}
/** Start the job, or attach to it when a job of that name exists (a re-run of the same attempt). */
async function startOrAttachTrainingJob(sm, request, logger) {
    const name = request.TrainingJobName;
    const existing = await describeTrainingJob(sm, name);
    if (existing) {
        logger.info(`Training job ${name} already exists (${existing.TrainingJobStatus}): attaching to it instead of starting another.`);
        return { arn: existing.TrainingJobArn, attached: true };
    }
    try {
        const { TrainingJobArn } = await sm.send(new client_sagemaker_dist_cjs/* CreateTrainingJobCommand */.jkj(request));
        logger.info(`Started training job ${name}`);
        return { arn: TrainingJobArn, attached: false };
    }
    catch (error) {
        if (isAlreadyExists(error)) {
            const job = await describeTrainingJob(sm, name);
            if (job) {
                logger.info(`Training job ${name} was started concurrently: attaching to it.`);
                return { arn: job.TrainingJobArn, attached: true };
            }
        }
        throw explainAwsError(error, 'sagemaker:CreateTrainingJob', training(name));
    }
}
/**
 * Poll until the job leaves InProgress/Stopping: log each status and secondary-status transition with the elapsed
 * time, stream the logs between polls. The interval starts at `pollMs` and grows by half (up to a minute) while
 * nothing changes; a transition resets it. Stops at `timeoutMs` (the job keeps running).
 */
async function waitForTrainingJob(sm, logs, name, options, deps) {
    const start = deps.now().getTime();
    let last = '';
    let interval = options.pollMs;
    for (;;) {
        const job = await describeTrainingJob(sm, name);
        if (!job)
            throw new errors/* UserError */.yo(`Training job ${name} disappeared while waiting for it.`);
        const state = `${job.TrainingJobStatus}/${job.SecondaryStatus}`;
        const since = deps.now().getTime() - start;
        if (state !== last) {
            const message = job.SecondaryStatusTransitions?.at(-1)?.StatusMessage;
            deps.logger.info(`[${formatElapsed(since)}] ${job.TrainingJobStatus} – ${job.SecondaryStatus}${message ? `: ${message}` : ''}`);
            last = state;
            interval = options.pollMs;
        }
        else
            interval = Math.min(training_MAX_POLL_MS, Math.round(interval * 1.5));
        await logs?.poll();
        if (job.TrainingJobStatus !== 'InProgress' && job.TrainingJobStatus !== 'Stopping')
            return { job, timedOut: false };
        if (since + interval > options.timeoutMs) {
            await deps.sleep(Math.max(0, options.timeoutMs - since));
            return { job: (await describeTrainingJob(sm, name)) ?? job, timedOut: true };
        }
        await deps.sleep(interval);
    }
}
/** Stop the job when it is still running (a cancelled workflow); true when StopTrainingJob was sent. */
async function stopTrainingJobIfRunning(sm, name, logger) {
    const job = await describeTrainingJob(sm, name);
    if (job?.TrainingJobStatus !== 'InProgress') {
        logger.info(`Training job ${name} is ${job?.TrainingJobStatus ?? 'gone'}; nothing to stop.`);
        return false;
    }
    await sm
        .send(new client_sagemaker_dist_cjs/* StopTrainingJobCommand */.JxN({ TrainingJobName: name }))
        .catch((error) => Promise.reject(explainAwsError(error, 'sagemaker:StopTrainingJob', training(name))));
    logger.warning(`The workflow was cancelled while training job ${name} was running: sent StopTrainingJob.`);
    return true;
}

;// CONCATENATED MODULE: ../../packages/aws/src/transform.ts
// SageMaker Batch Transform jobs (the model a job runs is made by sagemaker/endpoints.ts's ensureModel).




// The job goes on in SageMaker whatever happens to this step's credentials: a re-run attaches to it.
const transformJob = (name) => ({
    detail: ` (job ${name})`,
    detailInMessage: true,
    keepsRunning: 'the job',
    validationHint: 'SageMaker rejected the request: fix the input holding the value it names.',
});
/** Describe a transform job, or undefined when it does not exist. */
async function describeTransformJob(sm, name) {
    return unlessNotFound(sm.send(new client_sagemaker_dist_cjs/* DescribeTransformJobCommand */.E9g({ TransformJobName: name })), 'sagemaker:DescribeTransformJob', transformJob(name));
}
/**
 * Start the transform job. When a job of that name appeared since the caller looked (a concurrent start of the same
 * attempt), attach to it instead of failing.
 */
async function startTransformJob(sm, request, logger) {
    const name = request.TransformJobName;
    try {
        const { TransformJobArn } = await sm.send(new client_sagemaker_dist_cjs/* CreateTransformJobCommand */.zmV(request));
        logger.info(`Started transform job ${name}`);
        return { arn: TransformJobArn, attached: false };
    }
    catch (error) {
        if (isAlreadyExists(error)) {
            const job = await describeTransformJob(sm, name);
            if (job) {
                logger.info(`Transform job ${name} was started concurrently: attaching to it.`);
                return { arn: job.TransformJobArn, attached: true };
            }
        }
        throw explainAwsError(error, 'sagemaker:CreateTransformJob', transformJob(name));
    }
}
/**
 * Poll every `pollMs` until the job leaves InProgress/Stopping, logging one progress line per poll (status and
 * elapsed time). Stops at `timeoutMs` with the job still running (the caller fails loudly).
 */
async function waitForTransformJob(sm, name, options, deps) {
    const start = deps.now().getTime();
    for (;;) {
        const job = await describeTransformJob(sm, name);
        if (!job)
            throw new errors/* UserError */.yo(`Transform job ${name} disappeared while waiting for it.`);
        const since = deps.now().getTime() - start;
        deps.logger.info(`[${formatElapsed(since)}] transform job ${name}: ${job.TransformJobStatus}`);
        if (job.TransformJobStatus !== 'InProgress' && job.TransformJobStatus !== 'Stopping')
            return { job, timedOut: false };
        if (since + options.pollMs > options.timeoutMs) {
            await deps.sleep(Math.max(0, options.timeoutMs - since));
            return { job: (await describeTransformJob(sm, name)) ?? job, timedOut: true };
        }
        await deps.sleep(options.pollMs);
    }
}
/** Stop the transform job when it is still running (a cancelled workflow); true when StopTransformJob was sent. */
async function stopTransformJobIfRunning(sm, name, logger) {
    const job = await describeTransformJob(sm, name);
    if (job?.TransformJobStatus !== 'InProgress') {
        logger.info(`Transform job ${name} is ${job?.TransformJobStatus ?? 'gone'}; nothing to stop.`);
        return false;
    }
    try {
        await sm.send(new client_sagemaker_dist_cjs/* StopTransformJobCommand */.Heu({ TransformJobName: name }));
    }
    catch (error) {
        throw explainAwsError(error, 'sagemaker:StopTransformJob', transformJob(name));
    }
    logger.warning(`The workflow was cancelled while transform job ${name} was running: sent StopTransformJob.`);
    return true;
}

;// CONCATENATED MODULE: ../../packages/aws/src/index.ts
















/***/ })

};
