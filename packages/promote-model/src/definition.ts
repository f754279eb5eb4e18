import { defineAction, githubTokenInput } from '@mlops-actions/github';

/** promote-model as declared in action.yml. */
export const definition = defineAction({
  id: 'promote-model',
  name: 'mlops-actions: promote model',
  description:
    'Approve a model package in the SageMaker Model Registry and roll it out to an endpoint (all at once, canary or linear), with rollback, a run ledger and GitHub deployments.',
  branding: { icon: 'upload-cloud', color: 'purple' },
  inputs: {
    'model-package-group': { description: 'Model package group name.', required: true },
    'model-package': {
      description:
        'An ARN, a version number, `latest-pending`, or `previous` (roll back to the model in production before the current one).',
      default: 'latest-pending',
    },
    target: { description: '`endpoint` or `registry-only` (approve only).', default: 'endpoint' },
    'endpoint-name': { description: 'Endpoint to create or update (target endpoint).' },
    'instance-type': { description: 'Endpoint instance type.', default: 'ml.m5.large' },
    'instance-count': { description: 'Endpoint instance count.', default: '1' },
    'execution-role-arn': { description: 'IAM role SageMaker assumes for the model.' },
    deployment: {
      description: '`all-at-once`, `canary` or `linear` (blue/green DeploymentConfig).',
      default: 'all-at-once',
    },
    'canary-size': {
      description: 'Share of capacity for the canary or each linear step, in percent.',
      default: '10',
    },
    'wait-interval': { description: 'Baking time between traffic shifts (e.g. 10m).', default: '10m' },
    alarms: { description: 'Comma-separated CloudWatch alarm names that trigger auto-rollback.' },
    'dry-run': { description: 'Resolve and report what would change, change nothing.', default: 'false' },
    reason: { description: 'Why (recorded in the approval description, the ledger and the deployment).' },
    evaluation: {
      description: 'Result JSON of evaluate-challenger; promotion is refused when it decided keep.',
    },
    'evaluation-ledger': {
      description:
        "Local directory or s3:// prefix given to evaluate-challenger's `ledger` (with its `model-package-arn`): the package being promoted must have an evaluation recorded there (the newest counts), and promotion is refused when it decided keep or none is found. Not with `evaluation`; not consulted for `previous` (a rollback).",
    },
    force: {
      description:
        'Promote even when the evaluation decided keep (or, with `evaluation-ledger`, none is recorded).',
      default: 'false',
    },
    'allow-unverified-artifact': {
      description:
        "Promote a package that records no SHA-256 of its model artifact (registered before this check, or by another tool). By default such a package is refused; a package whose artifact's SHA-256 differs from the one recorded at registration is refused regardless.",
      default: 'false',
    },
    ledger: { description: 'Local directory or s3:// prefix of the append-only promotion ledger.' },
    environment: { description: 'GitHub environment name for the deployment record.', default: 'production' },
    'data-capture-uri': {
      description:
        's3:// prefix for endpoint data capture (inputs and outputs, 100 %), read later by drift-report. Default: keep the current config’s data capture.',
    },
    timeout: { description: 'Longest wait for the endpoint to be InService.', default: '50m' },
    'poll-interval': { description: 'Interval between endpoint status polls.', default: '30s' },
    'github-token': githubTokenInput,
  },
  outputs: {
    'model-package-arn': { description: 'ARN of the promoted model package.' },
    'previous-model-package-arn': { description: 'ARN of the model package that was in production before.' },
    'endpoint-config-name': { description: 'Name of the new endpoint config.' },
    'model-name': { description: 'Name of the SageMaker model.' },
    status: { description: 'promoted, rolled-back, unchanged, dry-run or failed.' },
    history: { description: 'JSON list of ledger records for the model package group.' },
  },
});
