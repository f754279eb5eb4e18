import {
  type CloudFormationClient,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type Stack,
  type StackEvent,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import { UserError } from '@mlops-actions/core';
import { explainAwsError, isNotFound } from '../errors.js';
import { timeoutMinutes, type WaitDeps, type WaitOptions, WaitProgress } from '../wait.js';

/** Describe a stack (by name or id), or undefined when it does not exist. */
export async function describeStack(cfn: CloudFormationClient, name: string): Promise<Stack | undefined> {
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: name }));
    return Stacks?.[0];
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw explainAwsError(error, 'cloudformation:DescribeStacks');
  }
}

/** A stack's outputs by key. */
export async function stackOutputs(
  cfn: CloudFormationClient,
  stackId: string,
): Promise<Record<string, string>> {
  const stack = await describeStack(cfn, stackId);
  return Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue ?? '']));
}

/** An operation is running (REVIEW_IN_PROGRESS is a stack made by a change set that was never executed). */
const isInProgress = (status: string | undefined) =>
  Boolean(status?.endsWith('_IN_PROGRESS')) && status !== 'REVIEW_IN_PROGRESS';

const SUCCESS = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE', 'DELETE_COMPLETE']);

/** The stack's last operation succeeded. */
export function succeeded(stack: Stack): boolean {
  return SUCCESS.has(stack.StackStatus ?? '');
}

/** Latest events first, as DescribeStackEvents returns them, down to `since`. */
async function eventsSince(cfn: CloudFormationClient, stack: string, since: number): Promise<StackEvent[]> {
  const out: StackEvent[] = [];
  let token: string | undefined;
  do {
    const page = await cfn
      .send(new DescribeStackEventsCommand({ StackName: stack, NextToken: token }))
      .catch((error) => Promise.reject(explainAwsError(error, 'cloudformation:DescribeStackEvents')));
    for (const e of page.StackEvents ?? []) {
      if (new Date(e.Timestamp!).getTime() < since) return out;
      out.push(e);
    }
    token = page.NextToken;
  } while (token);
  return out;
}

/** One event as a log line: time, status, type, logical id and reason. */
export function formatEvent(e: StackEvent): string {
  const time = new Date(e.Timestamp!).toISOString().slice(11, 19);
  return `${time}  ${(e.ResourceStatus ?? '').padEnd(28)} ${e.ResourceType ?? ''} ${e.LogicalResourceId ?? ''}${e.ResourceStatusReason ? ` – ${e.ResourceStatusReason}` : ''}`;
}

const CANCELLED =
  /Resource (creation|update|deletion) cancelled|cancelled|The following resource\(s\) failed to/i;

/** The root cause of a failed operation: the earliest failed resource event that is not a cancellation echo. */
export function rootCause(events: StackEvent[]): StackEvent | undefined {
  const failed = events
    .filter((e) => e.ResourceStatus?.endsWith('_FAILED') && e.ResourceStatusReason)
    .sort((a, b) => new Date(a.Timestamp!).getTime() - new Date(b.Timestamp!).getTime());
  return (
    failed.find(
      (e) => !CANCELLED.test(e.ResourceStatusReason!) && e.ResourceType !== 'AWS::CloudFormation::Stack',
    ) ??
    failed.find((e) => !CANCELLED.test(e.ResourceStatusReason!)) ??
    failed[0]
  );
}

/**
 * Follow a stack operation started at `since`: print new events oldest first, until the stack leaves *_IN_PROGRESS
 * (rollbacks included), with a heartbeat at least every 10 s between events (elapsed time only: resources take
 * from seconds to tens of minutes, so there is no basis for a time left). Returns the final stack and all events.
 */
export async function followStack(
  cfn: CloudFormationClient,
  stackId: string,
  since: number,
  options: WaitOptions,
  deps: WaitDeps,
): Promise<{ stack: Stack; events: StackEvent[] }> {
  const seen = new Set<string>();
  const all: StackEvent[] = [];
  const progress = new WaitProgress(deps, `stack ${stackId}`);
  for (;;) {
    const events = await eventsSince(cfn, stackId, since);
    for (const e of events.reverse()) {
      if (seen.has(e.EventId!)) continue;
      seen.add(e.EventId!);
      all.push(e);
      progress.info(formatEvent(e));
    }
    const stack = await describeStack(cfn, stackId);
    if (!stack) throw new UserError(`Stack ${stackId} disappeared during the operation.`);
    if (!isInProgress(stack.StackStatus)) return { stack, events: all };
    progress.set(`${stack.StackStatus}, ${all.length} events`);
    if (progress.elapsed() >= options.timeoutMs)
      throw new UserError(
        `Stack ${stack.StackName} is still ${stack.StackStatus} after the ${timeoutMinutes(options.timeoutMs)}m timeout.`,
        {
          hint: 'The operation goes on in CloudFormation; do not start another deployment until it ends (check the console).',
        },
      );
    await progress.sleep(options.pollMs);
  }
}

/** Wait for another operation holding the stack (a heartbeat at least every 10 s); fail at the timeout naming it. */
export async function waitUntilIdle(
  cfn: CloudFormationClient,
  name: string,
  options: WaitOptions,
  deps: WaitDeps,
): Promise<Stack | undefined> {
  const progress = new WaitProgress(deps, `another operation on stack ${name}`);
  let stack = await describeStack(cfn, name);
  let logged = false;
  while (stack && isInProgress(stack.StackStatus)) {
    if (!logged) {
      progress.info(`Stack ${name} is ${stack.StackStatus} (another operation); waiting for it to finish.`);
      logged = true;
    }
    progress.set(String(stack.StackStatus));
    if (progress.elapsed() >= options.timeoutMs) {
      const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: name }));
      const last = StackEvents?.[0];
      const holder = last?.ClientRequestToken ? ` (client request token ${last.ClientRequestToken})` : '';
      throw new UserError(
        `Stack ${name} is locked: still ${stack.StackStatus} after the ${timeoutMinutes(options.timeoutMs)}m timeout, by an operation started ${stack.LastUpdatedTime ? new Date(stack.LastUpdatedTime).toISOString() : new Date(stack.CreationTime!).toISOString()}${holder}${last ? `; latest event: ${formatEvent(last).replace(/\s+/g, ' ')}` : ''}.`,
        {
          hint: 'Wait for it to finish (or cancel it in the console), and use a `concurrency:` group so deployments never overlap.',
        },
      );
    }
    await progress.sleep(options.pollMs);
    stack = await describeStack(cfn, name);
  }
  return stack;
}

/** Delete a stack and follow the deletion to its end; fails unless it ends DELETE_COMPLETE. */
export async function deleteStackAndWait(
  cfn: CloudFormationClient,
  stack: Stack,
  options: WaitOptions,
  deps: WaitDeps,
): Promise<void> {
  const since = deps.now().getTime();
  await cfn
    .send(new DeleteStackCommand({ StackName: stack.StackId }))
    .catch((error) => Promise.reject(explainAwsError(error, 'cloudformation:DeleteStack')));
  const { stack: final } = await followStack(cfn, stack.StackId!, since, options, deps);
  if (final.StackStatus !== 'DELETE_COMPLETE')
    throw new UserError(
      `Deleting stack ${stack.StackName} ended in ${final.StackStatus}: ${final.StackStatusReason ?? ''}`,
    );
}

/** Delete a stack without waiting, ignoring failure (cleanup of an empty REVIEW_IN_PROGRESS stack). */
export async function deleteStackQuietly(cfn: CloudFormationClient, name: string): Promise<void> {
  await cfn.send(new DeleteStackCommand({ StackName: name })).catch(() => undefined);
}

/** Switch termination protection on. */
export async function enableTerminationProtection(cfn: CloudFormationClient, stackId: string): Promise<void> {
  await cfn
    .send(new UpdateTerminationProtectionCommand({ StackName: stackId, EnableTerminationProtection: true }))
    .catch((error) => Promise.reject(explainAwsError(error, 'cloudformation:UpdateTerminationProtection')));
}
