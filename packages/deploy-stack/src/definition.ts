import { defineAction, githubTokenInput } from '@mlops-actions/github';

/** deploy-stack as declared in action.yml. */
export const definition = defineAction({
  id: 'deploy-stack',
  name: 'mlops-actions: deploy stack',
  description:
    'Deploy a CloudFormation stack through change sets: preview the change set on the pull request, apply on merge with live events and root-cause failure reporting.',
  branding: { icon: 'layers', color: 'yellow' },
  inputs: {
    'stack-name': { description: 'Stack name.', required: true },
    template: { description: 'Path to the template (YAML or JSON).' },
    'template-bucket': { description: 'Bucket for templates over the 51,200-byte inline limit.' },
    'template-prefix': { description: 'Key prefix for uploaded templates.', default: 'cloudformation/' },
    parameters: {
      description:
        'YAML map of parameters, or a file in CloudFormation’s [{ParameterKey, ParameterValue}] JSON format.',
    },
    capabilities: {
      description:
        'Comma-separated capabilities (CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND).',
    },
    tags: { description: 'YAML map of stack tags.' },
    'role-arn': { description: 'Service role CloudFormation assumes.' },
    'termination-protection': {
      description:
        'Enable termination protection after a successful apply (never switched off by this action).',
      default: 'false',
    },
    'notification-arns': { description: 'Comma-separated SNS topic ARNs for stack events.' },
    mode: {
      description:
        '`plan` (preview only), `apply` (create and execute) or `execute` (an existing change set).',
      default: 'plan',
    },
    'change-set-name': { description: 'Change set name. Default: derived from the run, unique per attempt.' },
    'keep-change-set': {
      description: 'Keep the plan-only change set instead of deleting it.',
      default: 'false',
    },
    'recreate-failed': { description: 'Delete and recreate a stack in ROLLBACK_COMPLETE.', default: 'false' },
    timeout: { description: 'Longest wait for the change set and the stack operation.', default: '30m' },
    'poll-interval': { description: 'Interval between stack event polls.', default: '5s' },
    'comment-on-pr': { description: 'Post the plan as a sticky pull-request comment.', default: 'true' },
    'github-token': githubTokenInput,
  },
  outputs: {
    'stack-id': { description: 'Stack ARN.' },
    status: { description: 'Final stack status.' },
    'has-changes': { description: '`true` when the change set has changes.' },
    'change-set-id': { description: 'Change set ARN.' },
    changes: { description: 'JSON list of changes.' },
    outputs: { description: 'JSON map of stack outputs (each is also its own output).' },
  },
});
