import { createHash } from 'node:crypto';
import type { ChangeSetType, CloudFormationClient, Stack } from '@aws-sdk/client-cloudformation';
import {
  createChangeSet,
  deleteChangeSetQuietly,
  deleteStackAndWait,
  deleteStackQuietly,
  describeChangeSet,
  describeStack,
  enableTerminationProtection,
  executeChangeSet,
  followStack,
  formatEvent,
  putObject,
  resolveRegion,
  rootCause,
  stackOutputs,
  succeeded,
  waitForChangeSet,
  waitUntilIdle,
} from '@mlops-actions/aws';
import { UserError } from '@mlops-actions/core';
import { type ActionDeps, type ActionResult, upsertStickyComment } from '@mlops-actions/github';
import { renderStackFailure, renderStackPlan, type StackChange } from '@mlops-actions/report';
import { changeLine, changeRows } from './changes.js';
import type { DeployInputs } from './inputs.js';
import { checkParameters, INLINE_TEMPLATE_LIMIT, readTemplate, type Template } from './template.js';

/** Default change set name: unique per run attempt. */
function defaultChangeSetName(deps: ActionDeps, stack: string): string {
  const c = deps.context;
  if (c.runId) return `mlops-${c.runId}-${c.runAttempt}`;
  return `mlops-${createHash('sha256').update(`${stack}${deps.now().toISOString()}`).digest('hex').slice(0, 12)}`;
}

/** Inline body, or (over CloudFormation's inline limit) an upload to template-bucket passed by URL. */
async function templateSource(
  inputs: DeployInputs,
  template: Template,
  deps: ActionDeps,
): Promise<{ TemplateBody?: string; TemplateURL?: string }> {
  const { body, bytes } = template;
  if (bytes <= INLINE_TEMPLATE_LIMIT) return { TemplateBody: body };
  if (!inputs.templateBucket)
    throw new UserError(
      `Template ${inputs.template} is ${bytes} bytes, over CloudFormation's ${INLINE_TEMPLATE_LIMIT}-byte inline limit.`,
      {
        hint: 'Set template-bucket (and template-prefix): the template is uploaded there and passed by URL.',
      },
    );
  const key = `${inputs.templatePrefix}${inputs.stackName}/${createHash('sha256').update(body).digest('hex')}${/\.json$/i.test(inputs.template!) ? '.json' : '.yaml'}`;
  await putObject(deps.aws.s3(), { bucket: inputs.templateBucket, key }, body, 'text/plain');
  const region = resolveRegion(deps.env);
  const url = `https://${inputs.templateBucket}.s3.${region}.amazonaws.com/${key.split('/').map(encodeURIComponent).join('/')}`;
  deps.logger.info(`Template (${bytes} bytes) uploaded to s3://${inputs.templateBucket}/${key}`);
  return { TemplateURL: url };
}

/** A stack left ROLLBACK_COMPLETE/FAILED by its first creation: refuse, or delete it when recreate-failed allows. */
async function clearFailedStack(
  cfn: CloudFormationClient,
  stack: Stack | undefined,
  inputs: DeployInputs,
  deps: ActionDeps,
): Promise<Stack | undefined> {
  if (stack?.StackStatus !== 'ROLLBACK_COMPLETE' && stack?.StackStatus !== 'ROLLBACK_FAILED') return stack;
  if (!inputs.recreateFailed || inputs.mode === 'plan')
    throw new UserError(
      `Stack ${inputs.stackName} is in ${stack.StackStatus}: its first creation failed${stack.StackStatusReason ? ` (${stack.StackStatusReason})` : ''} and it cannot be updated.`,
      {
        hint: 'Fix the cause, then apply with recreate-failed: true to delete and recreate it (nothing in it is running).',
      },
    );
  deps.logger.warning(
    `Stack ${inputs.stackName} is ${stack.StackStatus}: deleting it to recreate it (recreate-failed: true).`,
  );
  await deleteStackAndWait(cfn, stack, { pollMs: inputs.pollMs, timeoutMs: inputs.timeoutMs }, deps);
  return undefined;
}

/** The change set to report and execute: an existing one (mode: execute) or one created now. */
async function prepareChangeSet(
  cfn: CloudFormationClient,
  inputs: DeployInputs,
  template: Template | undefined,
  change: { name: string; type: ChangeSetType; isNew: boolean },
  deps: ActionDeps,
): Promise<{ changeSetId: string; rows: StackChange[]; empty: boolean }> {
  const wait = { pollMs: inputs.pollMs, timeoutMs: inputs.timeoutMs };
  const { name, type, isNew } = change;
  if (inputs.mode === 'execute') {
    const existing = await describeChangeSet(cfn, inputs.stackName, name);
    if (!existing)
      throw new UserError(`Change set ${name} does not exist on stack ${inputs.stackName}.`, {
        hint: 'Create it with mode: plan and keep-change-set: true.',
      });
    if (existing.ExecutionStatus !== 'AVAILABLE')
      throw new UserError(
        `Change set ${name} cannot be executed: it is ${existing.Status}/${existing.ExecutionStatus}${existing.StatusReason ? ` (${existing.StatusReason})` : ''}.`,
      );
    const waited = await waitForChangeSet(cfn, inputs.stackName, name, wait, deps);
    return { changeSetId: existing.ChangeSetId!, rows: changeRows(waited.changes), empty: waited.empty };
  }
  const parameters = checkParameters(template!, inputs.parameters, isNew);
  const { context } = deps;
  const created = await createChangeSet(cfn, {
    StackName: inputs.stackName,
    ChangeSetName: name,
    ChangeSetType: type,
    ...(await templateSource(inputs, template!, deps)),
    Parameters: parameters,
    Capabilities: inputs.capabilities.length ? inputs.capabilities : undefined,
    Tags: Object.keys(inputs.tags).length
      ? Object.entries(inputs.tags).map(([Key, Value]) => ({ Key, Value }))
      : undefined,
    RoleARN: inputs.roleArn,
    NotificationARNs: inputs.notificationArns.length ? inputs.notificationArns : undefined,
    Description:
      `${inputs.mode} by ${context.actor || 'mlops'}${context.runUrl ? ` in ${context.runUrl}` : ''}`.slice(
        0,
        1024,
      ),
  });
  if (created.empty) {
    deps.logger.info(
      `CloudFormation found nothing to change for ${inputs.stackName}; no change set was created.`,
    );
    return { changeSetId: '', rows: [], empty: true };
  }
  deps.logger.info(`${created.created ? 'Created' : 'Reusing'} ${type} change set ${name}`);
  const waited = await waitForChangeSet(cfn, inputs.stackName, name, wait, deps);
  return { changeSetId: created.id, rows: changeRows(waited.changes), empty: waited.empty };
}

/** deploy-stack: plan (change set preview), apply (create and execute), or execute an existing change set. */
export async function deployStack(inputs: DeployInputs, deps: ActionDeps): Promise<ActionResult> {
  const { logger, context } = deps;
  // Validate everything we can before touching AWS.
  const template = inputs.template ? readTemplate(inputs.template) : undefined;
  const cfn = deps.aws.cloudformation();
  const wait = { pollMs: inputs.pollMs, timeoutMs: inputs.timeoutMs };
  const name = inputs.changeSetName ?? defaultChangeSetName(deps, inputs.stackName);

  let stack = await describeStack(cfn, inputs.stackName);
  if (inputs.mode !== 'plan') stack = await waitUntilIdle(cfn, inputs.stackName, wait, deps);
  stack = await clearFailedStack(cfn, stack, inputs, deps);
  const isNew = !stack || stack.StackStatus === 'REVIEW_IN_PROGRESS';
  const type: ChangeSetType = isNew ? 'CREATE' : 'UPDATE';

  const { changeSetId, rows, empty } = await prepareChangeSet(
    cfn,
    inputs,
    template,
    { name, type, isNew },
    deps,
  );
  for (const r of rows) logger.info(changeLine(r));

  const publish = async (markdown: string) => {
    if (!inputs.commentOnPr || !deps.github || !context.repository || !context.pullRequestNumber) return;
    await upsertStickyComment(
      deps.github,
      {
        ...context.repository,
        issueNumber: context.pullRequestNumber,
        action: 'deploy-stack',
        header: inputs.stackName,
      },
      markdown,
    );
  };
  const base = { 'has-changes': !empty, 'change-set-id': changeSetId, changes: JSON.stringify(rows) };
  const plan = (status: string) =>
    renderStackPlan({ stack: inputs.stackName, type, rows, changeSetName: name, mode: inputs.mode, status });

  if (inputs.mode === 'plan' || empty) {
    let status: string = stack?.StackStatus ?? 'REVIEW_IN_PROGRESS';
    if (!inputs.keepChangeSet || empty) {
      await deleteChangeSetQuietly(cfn, inputs.stackName, name);
      if (isNew) {
        // A CREATE change set made an empty REVIEW_IN_PROGRESS stack: remove it too, leaving nothing behind.
        await deleteStackQuietly(cfn, inputs.stackName);
        status = 'NONE';
      }
      logger.info(`Deleted the ${empty ? 'empty' : 'plan-only'} change set ${name}.`);
    }
    const markdown = plan(
      empty ? 'no changes' : inputs.keepChangeSet ? 'kept for mode: execute' : 'deleted after the preview',
    );
    await publish(markdown);
    const outputs = stack && !isNew ? await stackOutputs(cfn, stack.StackId!) : {};
    return {
      outputs: {
        ...outputs,
        ...base,
        'stack-id': stack?.StackId ?? '',
        status,
        outputs: JSON.stringify(outputs),
      },
      summary: markdown,
    };
  }

  // apply / execute
  const since = deps.now().getTime() - 1000;
  await executeChangeSet(cfn, inputs.stackName, name);
  logger.info(`Executing change set ${name} on ${inputs.stackName}`);
  const stackId = (await describeStack(cfn, inputs.stackName))?.StackId ?? inputs.stackName;
  const { stack: final, events } = await followStack(cfn, stackId, since, wait, deps);
  const markdown = plan(final.StackStatus!);
  if (!succeeded(final)) {
    const cause = rootCause(events);
    const failedEvents = events.filter(
      (e) => e.ResourceStatus?.endsWith('_FAILED') && e.ResourceStatusReason,
    );
    const message = `Stack ${inputs.stackName} ${type === 'CREATE' ? 'creation' : 'update'} failed and was rolled back (${final.StackStatus})${cause ? `: ${cause.LogicalResourceId} (${cause.ResourceType}) ${cause.ResourceStatus}: ${cause.ResourceStatusReason}` : final.StackStatusReason ? `: ${final.StackStatusReason}` : ''}`;
    return {
      outputs: { ...base, 'stack-id': final.StackId ?? '', status: final.StackStatus ?? '', outputs: '{}' },
      summary: renderStackFailure(markdown, message, failedEvents.map(formatEvent)),
      failure: message,
    };
  }
  // Only ever switched on: a protection enabled elsewhere is never removed by a deployment.
  if (inputs.terminationProtection && !final.EnableTerminationProtection) {
    await enableTerminationProtection(cfn, final.StackId!);
    logger.info('Termination protection enabled.');
  }
  const outputs = await stackOutputs(cfn, final.StackId!);
  return {
    outputs: {
      ...outputs,
      ...base,
      'stack-id': final.StackId ?? '',
      status: final.StackStatus ?? '',
      outputs: JSON.stringify(outputs),
    },
    summary: markdown,
  };
}
