export const id = 992;
export const ids = [992];
export const modules = {

/***/ 9992:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lazyAwsClients: () => (/* reexport */ lazyAwsClients)
});

// UNUSED EXPORTS: INSTANCE_TYPE_PATTERN, LogFollower, MODEL_PACKAGE_ARN_PATTERN, ROLE_ARN_PATTERN, SAGEMAKER_NAME_PATTERN, USER_AGENT, awsClients, awsError, clientSettings, createChangeSet, createModelPackage, deleteChangeSetQuietly, deleteStackAndWait, deleteStackQuietly, describeChangeSet, describeEndpoint, describeModel, describeModelPackage, describeStack, describeTrainingJob, describeTransformJob, enableTerminationProtection, endpointDataCapture, endpointModelPackage, ensureEndpointConfig, ensureModel, executeChangeSet, explainAwsError, followStack, formatElapsed, formatEvent, getObjectStream, isAlreadyExists, isExpiredCredentials, isNoChanges, isNotFound, isPreconditionFailed, listModelPackages, listObjectKeys, modelPackageOf, objectExists, objectUnder, publishUnder, putObject, putObjectIfAbsent, readObjectBytes, readObjectText, reportStem, resolveFrameworkImage, resolveRegion, rollOutEndpoint, rootCause, runAthenaQuery, runScopedName, s3PathStyle, s3UriOf, sagemakerName, setModelPackageApproval, stackOutputs, startOrAttachTrainingJob, startTransformJob, stopAthenaQueryIfRunning, stopTrainingJobIfRunning, stopTransformJobIfRunning, succeeded, timeoutMinutes, unlessNotFound, uploadFile, waitForChangeSet, waitForEndpoint, waitForTrainingJob, waitForTransformJob, waitUntilIdle

// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-athena@3.1164.0/node_modules/@aws-sdk/client-athena/dist-cjs/index.js
var dist_cjs = __webpack_require__(8348);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-cloudformation@3.1169.0/node_modules/@aws-sdk/client-cloudformation/dist-cjs/index.js
var client_cloudformation_dist_cjs = __webpack_require__(9659);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-cloudwatch-logs@3.1169.0/node_modules/@aws-sdk/client-cloudwatch-logs/dist-cjs/index.js
var client_cloudwatch_logs_dist_cjs = __webpack_require__(7061);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-s3@3.1175.0/node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var client_s3_dist_cjs = __webpack_require__(9232);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-sagemaker@3.1142.0/node_modules/@aws-sdk/client-sagemaker/dist-cjs/index.js
var client_sagemaker_dist_cjs = __webpack_require__(3294);
// EXTERNAL MODULE: ../../packages/core/src/errors.ts
var errors = __webpack_require__(9179);
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
    s3: (env = process.env, region) => new client_s3_dist_cjs/* S3Client */.YxF({ ...clientSettings(env, region), forcePathStyle: s3PathStyle(env) }),
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

;// CONCATENATED MODULE: ../../packages/aws/src/index.ts
















/***/ })

};
