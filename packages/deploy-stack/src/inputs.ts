import type { Capability, Parameter } from '@aws-sdk/client-cloudformation';
import { UserError } from '@mlops-actions/core';
import { type InputReader, quote } from '@mlops-actions/github';
import { parseParameters } from './parameters.js';

const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;

/** Parsed, validated inputs of deploy-stack. */
export interface DeployInputs {
  stackName: string;
  template: string | undefined;
  templateBucket: string | undefined;
  templatePrefix: string;
  parameters: Parameter[];
  capabilities: Capability[];
  tags: Record<string, string>;
  roleArn: string | undefined;
  terminationProtection: boolean;
  notificationArns: string[];
  mode: 'plan' | 'apply' | 'execute';
  changeSetName: string | undefined;
  keepChangeSet: boolean;
  recreateFailed: boolean;
  timeoutMs: number;
  pollMs: number;
  commentOnPr: boolean;
}

/** The one input parser of deploy-stack (the action and `mlops deploy-stack` both use it). */
export function parseInputs(r: InputReader): DeployInputs {
  const stackName = r.string('stack-name');
  if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(stackName))
    throw new UserError(
      `Input "stack-name": ${quote(stackName)} is not a valid stack name (a letter, then letters, digits and hyphens; up to 128).`,
    );
  const mode = r.choice('mode', ['plan', 'apply', 'execute'] as const);
  const template = r.optionalString('template');
  const changeSetName = r.optionalString('change-set-name');
  if (mode !== 'execute' && !template)
    throw new UserError(`Input "template" is required with mode: ${mode}.`);
  if (mode === 'execute' && !changeSetName)
    throw new UserError(
      'Input "change-set-name" is required with mode: execute (the change set to execute).',
    );
  if (changeSetName && !/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(changeSetName))
    throw new UserError(
      `Input "change-set-name": ${quote(changeSetName)} is not a valid change set name (a letter, then letters, digits and hyphens).`,
    );
  const capabilities = r.list('capabilities');
  for (const c of capabilities)
    if (!(CAPABILITIES as readonly string[]).includes(c))
      throw new UserError(
        `Input "capabilities": unknown capability ${quote(c)}; use ${CAPABILITIES.join(', ')}.`,
      );
  const roleArn = r.optionalString('role-arn');
  if (roleArn && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(roleArn))
    throw new UserError(`Input "role-arn": ${quote(roleArn)} is not an IAM role ARN.`);
  const notificationArns = r.list('notification-arns');
  for (const arn of notificationArns)
    if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/.test(arn))
      throw new UserError(`Input "notification-arns": ${quote(arn)} is not an SNS topic ARN.`);
  let prefix = r.string('template-prefix');
  if (prefix && !prefix.endsWith('/')) prefix += '/';
  return {
    stackName,
    template,
    templateBucket: r.optionalString('template-bucket'),
    templatePrefix: prefix,
    parameters: parseParameters(r.raw('parameters')),
    capabilities: capabilities as Capability[],
    tags: r.yamlMap('tags'),
    roleArn,
    terminationProtection: r.boolean('termination-protection'),
    notificationArns,
    mode,
    changeSetName,
    keepChangeSet: r.boolean('keep-change-set'),
    recreateFailed: r.boolean('recreate-failed'),
    timeoutMs: r.duration('timeout')!,
    pollMs: r.duration('poll-interval')!,
    commentOnPr: r.boolean('comment-on-pr'),
  };
}
