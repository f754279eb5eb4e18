import { defineAction } from '@mlops-actions/github';

/** run-training as declared in action.yml. */
export const definition = defineAction({
  id: 'run-training',
  name: 'mlops-actions: run training',
  description:
    'Run a SageMaker training job (or the same training contract locally), stream its logs, and optionally register the model in the SageMaker Model Registry.',
  branding: { icon: 'cpu', color: 'blue' },
  inputs: {
    backend: {
      description:
        '`sagemaker` or `local` (runs the same `source-dir` and `entry-point`, or a `command`, on the runner with SageMaker’s training contract).',
      default: 'sagemaker',
    },
    'source-dir': {
      description:
        'Directory with the training code (e.g. `ml`), packaged reproducibly into `sourcedir.tar.gz` and uploaded to `<output-path>/source/<sha256>/` (SageMaker script mode). Needs `entry-point`.',
    },
    'entry-point': {
      description:
        'The script inside `source-dir` that trains (e.g. `train.py`), run by both backends with the hyperparameters as `--name value`. Without `source-dir`, backend local takes it as a command (the old meaning; prefer `command`).',
    },
    command: {
      description:
        'Backend local: a shell command run from the workspace with the training contract, instead of `entry-point` (e.g. `make train`).',
    },
    framework: {
      description:
        'AWS’s prebuilt training image for script mode, resolved for the region from a committed table: `sklearn:1.2-1`, `xgboost:1.7-1`, `pytorch:2.3`, `tensorflow:2.16`, or a full tag such as `sklearn:1.2-1-cpu-py3`. Instead of `image`.',
    },
    'job-config': {
      description: 'YAML or JSON file with CreateTrainingJob fields; the inputs below override it.',
    },
    'job-name': {
      description:
        'Training job name. Default: derived from repository, run id and attempt, so a re-run attaches.',
    },
    image: { description: 'Training image URI (a custom container); instead of `framework`.' },
    'role-arn': { description: 'IAM role ARN that SageMaker assumes for the job.' },
    'instance-type': { description: 'Instance type, e.g. ml.m5.xlarge.' },
    'instance-count': { description: 'Number of instances.' },
    'volume-size-gb': { description: 'EBS volume size in GB.' },
    'max-runtime': { description: 'Maximum runtime (e.g. 2h).' },
    hyperparameters: { description: 'YAML map of hyperparameters.' },
    channels: { description: 'YAML map of channel name to s3:// URI (or local path with backend local).' },
    'output-path': { description: 's3:// URI for model artifacts (or local directory with backend local).' },
    environment: { description: 'YAML map of environment variables for the job.' },
    tags: { description: 'YAML map of tags.' },
    spot: { description: 'Use managed spot training.', default: 'false' },
    'max-wait': { description: 'Longest wait for spot capacity plus runtime (spot only).' },
    'checkpoint-uri': { description: 's3:// URI for checkpoints (spot).' },
    'vpc-config': { description: 'YAML with SecurityGroupIds and Subnets.' },
    'metric-definitions': { description: 'YAML map of metric name to regex matched in the job’s logs.' },
    wait: { description: 'Wait for the job to finish.', default: 'true' },
    timeout: {
      description:
        'Longest wait (e.g. 50m). OIDC credentials last 1 hour by default: keep it below their lifetime, or raise `role-duration-seconds`. On timeout the job keeps running and the error says how to reattach.',
      default: '55m',
    },
    'poll-interval': {
      description:
        'First interval between status polls; it grows by half up to 1 minute while nothing changes.',
      default: '10s',
    },
    'allow-stopped': { description: 'Treat a Stopped job as success.', default: 'false' },
    'predictions-path': {
      description:
        'File inside the job’s output archive with evaluation predictions, extracted for evaluate-challenger.',
    },
    'predictions-destination': {
      description: 'Where extracted predictions are written (local path or s3:// URI).',
    },
    register: { description: 'Model package group to register the trained model in (created if missing).' },
    'inference-image': {
      description:
        'Inference image for the registered model package (default: `image`, or the `framework` image when it also serves: sklearn, xgboost).',
    },
    'content-types': {
      description: 'Comma-separated request/response MIME types of the registered model package.',
      default: 'text/csv',
    },
    'keep-temp': {
      description:
        'Backend local: keep the temporary training directory (`$TMPDIR/<job-name>-*`) instead of removing it after the run.',
      default: 'false',
    },
    'stop-on-cancel': {
      description: 'Stop the training job from the post step when the workflow was cancelled.',
      default: 'true',
    },
  },
  outputs: {
    'job-name': { description: 'Training job name.' },
    'job-arn': { description: 'Training job ARN.' },
    status: { description: 'Final (or current, with wait: false) training job status.' },
    'model-artifact': { description: 'S3 URI (or local path) of model.tar.gz.' },
    metrics: { description: 'JSON of the final metrics (FinalMetricDataList).' },
    'training-seconds': { description: 'Training time in seconds.' },
    'billable-seconds': { description: 'Billable time in seconds.' },
    predictions: {
      description: 'Path or S3 URI of the extracted predictions, when `predictions-path` is set.',
    },
    'model-package-arn': {
      description: 'ARN of the registered model package version, when `register` is set.',
    },
  },
  post: {
    if: 'always()',
    description:
      'Stops the training job when the workflow was cancelled while the main step was waiting for it.',
  },
});
