import { defineAction } from '@mlops-actions/github';

/** batch-transform as declared in action.yml. */
export const definition = defineAction({
  id: 'batch-transform',
  name: 'mlops-actions: batch transform',
  description:
    'Score a dataset in S3 with a registered model (a model package ARN, or the latest Approved package of a group) or an existing SageMaker model through a Batch Transform job, with the input’s id columns joined to every prediction.',
  branding: { icon: 'layers', color: 'blue' },
  inputs: {
    'model-package': {
      description:
        'Model package ARN, or `latest-approved` (the newest Approved package of `model-package-group`). Default: `latest-approved` when `model-package-group` is set.',
    },
    'model-package-group': { description: 'Model package group, for `model-package: latest-approved`.' },
    'model-name': {
      description: 'An existing SageMaker model to run instead of a model package.',
    },
    'if-none-approved': {
      description:
        '`fail` or `skip` (status `skipped`, no job) when `latest-approved` finds no Approved package, e.g. before the first promotion.',
      default: 'fail',
    },
    'execution-role-arn': {
      description:
        'IAM role SageMaker assumes for the model created from a model package (not needed with `model-name`, or when that model exists).',
    },
    input: { description: 's3:// prefix (every object under it) or manifest file to score.', required: true },
    'input-data-type': {
      description: '`S3Prefix` or `ManifestFile` (an S3 manifest listing the objects).',
      default: 'S3Prefix',
    },
    output: {
      description: 's3:// prefix for the results: one `<input object>.out` per input object.',
      required: true,
    },
    'content-type': { description: 'MIME type of the input records.', default: 'text/csv' },
    'split-type': {
      description: 'How the input is split into records: `Line`, `RecordIO`, `TFRecord` or `None`.',
      default: 'Line',
    },
    'compression-type': { description: '`None` or `Gzip` (compressed input objects).', default: 'None' },
    accept: { description: 'MIME type of the model’s output. Default: `content-type`.' },
    'instance-type': { description: 'Transform instance type.', default: 'ml.m5.large' },
    'instance-count': { description: 'Number of transform instances.', default: '1' },
    'max-payload-mb': {
      description: 'Largest mini-batch sent to the model in one request, in MB (SageMaker’s default: 6).',
    },
    'max-concurrent-transforms': {
      description: 'Parallel requests to each instance (SageMaker’s default: from the container, else 1).',
    },
    'batch-strategy': {
      description: '`MultiRecord` (as many records as fit in max-payload-mb per request) or `SingleRecord`.',
      default: 'MultiRecord',
    },
    'input-filter': {
      description:
        'JSONPath selecting what the model sees of each record, e.g. `$[1:]` to drop a leading id column of a CSV row.',
    },
    'output-filter': {
      description:
        'JSONPath selecting what is written of each joined record, e.g. `$` (the input row and the prediction) or `$[0,-1]` (id and prediction).',
    },
    'join-source': {
      description:
        '`Input` (each output row is its input row followed by the prediction, so ids and timestamps are carried through) or `None` (predictions only).',
      default: 'Input',
    },
    environment: { description: 'YAML map of environment variables for the model container.' },
    tags: { description: 'YAML map of tags for the transform job.' },
    'job-name': {
      description:
        'Transform job name. Default: derived from repository, run id and attempt, so a re-run attaches to the job it started.',
    },
    wait: { description: 'Wait for the job to finish.', default: 'true' },
    timeout: {
      description:
        'Longest wait (e.g. 50m); at the timeout the step fails and the job keeps running. Keep it below the credentials’ lifetime (1 hour by default with OIDC).',
      default: '55m',
    },
    'poll-interval': {
      description: 'Interval between status polls (one progress line each).',
      default: '30s',
    },
    'stop-on-cancel': {
      description: 'Stop the transform job from the post step when the workflow was cancelled.',
      default: 'true',
    },
  },
  outputs: {
    'job-name': { description: 'Transform job name.' },
    'job-arn': { description: 'Transform job ARN.' },
    status: {
      description: 'Final (or current, with wait: false) job status, or `skipped` (if-none-approved: skip).',
    },
    'model-name': { description: 'SageMaker model the job ran.' },
    predictions: {
      description:
        's3:// prefix where SageMaker wrote the results (`<input object>.out` for each input object).',
    },
    'model-package-arn': { description: 'Model package the model serves (empty with `model-name`).' },
  },
  post: {
    if: 'always()',
    description:
      'Stops the transform job when the workflow was cancelled while the main step was waiting for it.',
  },
});
