import { createHash } from 'node:crypto';
import {
  type Change,
  type ChangeSetType,
  type CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  ExecuteChangeSetCommand,
  type StackEvent,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { resolveRegion } from '@mlops-actions/aws';
import { UserError } from '@mlops-actions/core';
import { type ActionDeps, type ActionResult, upsertStickyComment } from '@mlops-actions/github';
import { escapeMarkdown } from '@mlops-actions/report';
import {
  deleteStackAndWait,
  describeStack,
  explain,
  followStack,
  formatEvent,
  rootCause,
  succeeded,
  waitForChangeSet,
  waitUntilIdle,
} from './cloudformation.js';
import type { DeployInputs } from './inputs.js';
import { checkParameters, INLINE_TEMPLATE_LIMIT, readTemplate } from './template.js';

/** One change of a change set, as reported and output. */
export interface ChangeRow {
  action: string;
  logical_id: string;
  physical_id: string | null;
  type: string;
  replacement: 'True' | 'False' | 'Conditional' | null;
  properties: string[];
}

export function changeRows(changes: Change[]): ChangeRow[] {
  return changes
    .filter((c) => c.ResourceChange)
    .map((c) => {
      const r = c.ResourceChange!;
      const properties = new Set<string>();
      for (const d of r.Details ?? []) {
        const t = d.Target;
        if (!t) continue;
        properties.add(t.Attribute === 'Properties' && t.Name ? t.Name : (t.Attribute ?? ''));
      }
      return {
        action: r.Action ?? '',
        logical_id: r.LogicalResourceId ?? '',
        physical_id: r.PhysicalResourceId ?? null,
        type: r.ResourceType ?? '',
        replacement: r.Action === 'Modify' ? ((r.Replacement as ChangeRow['replacement']) ?? null) : null,
        properties: [...properties].filter(Boolean).sort(),
      };
    });
}

/** A code span safe inside a table cell (GFM splits cells on `|` even in code). */
const code = (s: string) =>
  `\`${s
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')}\``;

export function renderPlan(o: {
  stack: string;
  type: string;
  rows: ChangeRow[];
  changeSetName: string;
  mode: string;
  status: string;
}): string {
  const replacements = o.rows.filter((r) => r.replacement === 'True');
  const out = [
    `### CloudFormation ${o.mode === 'plan' ? 'plan' : o.mode}: ${escapeMarkdown(o.stack)} (${o.type === 'CREATE' ? 'new stack' : 'update'})`,
    '',
  ];
  if (!o.rows.length) out.push('No changes: the stack already matches the template and parameters.');
  else {
    const counts = ['Add', 'Modify', 'Remove', 'Import', 'Dynamic']
      .map((a) => [a, o.rows.filter((r) => r.action === a).length] as const)
      .filter(([, n]) => n);
    out.push(
      counts.map(([a, n]) => `**${n}** to ${a.toLowerCase()}`).join(', ') +
        (replacements.length ? `, **${replacements.length} replaced**` : ''),
      '',
    );
    if (replacements.length)
      out.push(
        `> [!CAUTION]`,
        `> ${replacements.length === 1 ? 'This resource is' : 'These resources are'} **replaced** (deleted and created anew, with a new physical id and data): ${replacements.map((r) => `${code(r.logical_id)} (${code(r.type)})`).join(', ')}`,
        '',
      );
    out.push('| Action | Logical id | Type | Replacement | Changed |', '| --- | --- | --- | --- | --- |');
    const order = { Remove: 0, Modify: 1, Add: 2 } as Record<string, number>;
    for (const r of [...o.rows].sort(
      (a, b) => (order[a.action] ?? 3) - (order[b.action] ?? 3) || a.logical_id.localeCompare(b.logical_id),
    )) {
      const replacement =
        r.replacement === 'True'
          ? '⚠️ **Replace**'
          : r.replacement === 'Conditional'
            ? 'Maybe (conditional)'
            : r.replacement === 'False'
              ? 'No'
              : '';
      out.push(
        `| ${escapeMarkdown(r.action)} | ${code(r.logical_id)} | ${code(r.type)} | ${replacement} | ${r.properties.map(code).join(', ')} |`,
      );
    }
  }
  out.push('', `<sub>Change set ${code(o.changeSetName)} · ${escapeMarkdown(o.status)}</sub>`);
  return `${out.join('\n')}\n`;
}

/** Default change set name: unique per run attempt. */
export function defaultChangeSetName(deps: ActionDeps, stack: string): string {
  const c = deps.context;
  if (c.runId) return `mlops-${c.runId}-${c.runAttempt}`;
  return `mlops-${createHash('sha256').update(`${stack}${deps.now().toISOString()}`).digest('hex').slice(0, 12)}`;
}

async function templateSource(
  inputs: DeployInputs,
  body: string,
  bytes: number,
  deps: ActionDeps,
): Promise<{ TemplateBody?: string; TemplateURL?: string }> {
  if (bytes <= INLINE_TEMPLATE_LIMIT) return { TemplateBody: body };
  if (!inputs.templateBucket)
    throw new UserError(
      `Template ${inputs.template} is ${bytes} bytes, over CloudFormation's ${INLINE_TEMPLATE_LIMIT}-byte inline limit.`,
      {
        hint: 'Set template-bucket (and template-prefix): the template is uploaded there and passed by URL.',
      },
    );
  const key = `${inputs.templatePrefix}${inputs.stackName}/${createHash('sha256').update(body).digest('hex')}${/\.json$/i.test(inputs.template!) ? '.json' : '.yaml'}`;
  await deps.aws.s3().send(
    new PutObjectCommand({
      Bucket: inputs.templateBucket,
      Key: key,
      Body: body,
      ContentType: 'text/plain',
    }),
  );
  const region = resolveRegion(deps.env);
  const url = `https://${inputs.templateBucket}.s3.${region}.amazonaws.com/${key.split('/').map(encodeURIComponent).join('/')}`;
  deps.logger.info(`Template (${bytes} bytes) uploaded to s3://${inputs.templateBucket}/${key}`);
  return { TemplateURL: url };
}

async function stackOutputs(cfn: CloudFormationClient, stackId: string): Promise<Record<string, string>> {
  const stack = await describeStack(cfn, stackId);
  return Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue ?? '']));
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
  if (stack?.StackStatus === 'ROLLBACK_COMPLETE' || stack?.StackStatus === 'ROLLBACK_FAILED') {
    if (!inputs.recreateFailed || inputs.mode === 'plan')
      throw new UserError(
        `Stack ${inputs.stackName} is in ${stack.StackStatus}: its first creation failed${stack.StackStatusReason ? ` (${stack.StackStatusReason})` : ''} and it cannot be updated.`,
        {
          hint: 'Fix the cause, then apply with recreate-failed: true to delete and recreate it (nothing in it is running).',
        },
      );
    logger.warning(
      `Stack ${inputs.stackName} is ${stack.StackStatus}: deleting it to recreate it (recreate-failed: true).`,
    );
    await deleteStackAndWait(cfn, stack, wait, deps);
    stack = undefined;
  }
  const isNew = !stack || stack.StackStatus === 'REVIEW_IN_PROGRESS';
  const type: ChangeSetType = isNew ? 'CREATE' : 'UPDATE';

  let changeSetId: string;
  let rows: ChangeRow[];
  let empty: boolean;
  if (inputs.mode === 'execute') {
    const existing = await cfn
      .send(new DescribeChangeSetCommand({ StackName: inputs.stackName, ChangeSetName: name }))
      .catch((error) => {
        if (/does not exist/i.test((error as Error).message))
          throw new UserError(`Change set ${name} does not exist on stack ${inputs.stackName}.`, {
            hint: 'Create it with mode: plan and keep-change-set: true.',
          });
        throw explain(error, 'cloudformation:DescribeChangeSet');
      });
    if (existing.ExecutionStatus !== 'AVAILABLE')
      throw new UserError(
        `Change set ${name} cannot be executed: it is ${existing.Status}/${existing.ExecutionStatus}${existing.StatusReason ? ` (${existing.StatusReason})` : ''}.`,
      );
    const waited = await waitForChangeSet(cfn, inputs.stackName, name, wait, deps);
    changeSetId = existing.ChangeSetId!;
    rows = changeRows(waited.changes);
    empty = waited.empty;
  } else {
    const parameters = checkParameters(template!, inputs.parameters, isNew);
    const source = await templateSource(inputs, template!.body, template!.bytes, deps);
    let created = true;
    try {
      const res = await cfn.send(
        new CreateChangeSetCommand({
          StackName: inputs.stackName,
          ChangeSetName: name,
          ChangeSetType: type,
          ...source,
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
        }),
      );
      changeSetId = res.Id!;
    } catch (error) {
      if ((error as Error).name !== 'AlreadyExistsException')
        throw explain(error, 'cloudformation:CreateChangeSet');
      created = false; // a re-run of this attempt: use the change set it created
      changeSetId = (
        await cfn.send(new DescribeChangeSetCommand({ StackName: inputs.stackName, ChangeSetName: name }))
      ).ChangeSetId!;
    }
    logger.info(`${created ? 'Created' : 'Reusing'} ${type} change set ${name}`);
    const waited = await waitForChangeSet(cfn, inputs.stackName, name, wait, deps);
    rows = changeRows(waited.changes);
    empty = waited.empty;
  }
  for (const r of rows)
    logger.info(
      `${r.action.padEnd(7)} ${r.logical_id} (${r.type})${r.replacement === 'True' ? ' REPLACEMENT' : ''}${r.properties.length ? ` [${r.properties.join(', ')}]` : ''}`,
    );

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
  const base = {
    'has-changes': !empty,
    'change-set-id': changeSetId,
    changes: JSON.stringify(rows),
  };

  if (inputs.mode === 'plan' || empty) {
    let status: string = stack?.StackStatus ?? 'REVIEW_IN_PROGRESS';
    if (!inputs.keepChangeSet || empty) {
      await cfn
        .send(new DeleteChangeSetCommand({ StackName: inputs.stackName, ChangeSetName: name }))
        .catch(() => undefined);
      if (isNew) {
        // A CREATE change set made an empty REVIEW_IN_PROGRESS stack: remove it too, leaving nothing behind.
        await cfn.send(new DeleteStackCommand({ StackName: inputs.stackName })).catch(() => undefined);
        status = 'NONE';
      }
      logger.info(`Deleted the ${empty ? 'empty' : 'plan-only'} change set ${name}.`);
    }
    const markdown = renderPlan({
      stack: inputs.stackName,
      type,
      rows,
      changeSetName: name,
      mode: inputs.mode,
      status: empty
        ? 'no changes'
        : inputs.keepChangeSet
          ? 'kept for mode: execute'
          : 'deleted after the preview',
    });
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
  await cfn
    .send(new ExecuteChangeSetCommand({ StackName: inputs.stackName, ChangeSetName: name }))
    .catch((error) => {
      throw explain(error, 'cloudformation:ExecuteChangeSet');
    });
  logger.info(`Executing change set ${name} on ${inputs.stackName}`);
  const stackId = (await describeStack(cfn, inputs.stackName))?.StackId ?? inputs.stackName;
  const { stack: final, events } = await followStack(cfn, stackId, since, wait, deps);
  const markdown = renderPlan({
    stack: inputs.stackName,
    type,
    rows,
    changeSetName: name,
    mode: inputs.mode,
    status: final.StackStatus!,
  });
  if (!succeeded(final)) {
    const cause = rootCause(events);
    const failedEvents = events.filter(
      (e: StackEvent) => e.ResourceStatus?.endsWith('_FAILED') && e.ResourceStatusReason,
    );
    const detail = failedEvents.map((e) => `- ${formatEvent(e)}`).join('\n');
    const message = `Stack ${inputs.stackName} ${type === 'CREATE' ? 'creation' : 'update'} failed and was rolled back (${final.StackStatus})${cause ? `: ${cause.LogicalResourceId} (${cause.ResourceType}) ${cause.ResourceStatus}: ${cause.ResourceStatusReason}` : final.StackStatusReason ? `: ${final.StackStatusReason}` : ''}`;
    return {
      outputs: { ...base, 'stack-id': final.StackId ?? '', status: final.StackStatus ?? '', outputs: '{}' },
      summary: `${markdown}\n**Failed:** ${escapeMarkdown(message)}\n\n<details><summary>Failed events</summary>\n\n${escapeMarkdown(detail)}\n\n</details>\n`,
      failure: message,
    };
  }
  // Only ever switched on: a protection enabled elsewhere is never removed by a deployment.
  if (inputs.terminationProtection && !final.EnableTerminationProtection) {
    await cfn.send(
      new UpdateTerminationProtectionCommand({ StackName: final.StackId, EnableTerminationProtection: true }),
    );
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
