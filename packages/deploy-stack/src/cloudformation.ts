import {
  type Change,
  type CloudFormationClient,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  type DescribeChangeSetOutput,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type Stack,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { UserError } from '@mlops-actions/core';
import type { ActionDeps } from '@mlops-actions/github';

type AwsError = Error & { name: string };
export type Deps = Pick<ActionDeps, 'logger' | 'now' | 'sleep'>;

const doesNotExist = (e: unknown) => /does not exist/i.test((e as Error).message ?? '');

export async function describeStack(cfn: CloudFormationClient, name: string): Promise<Stack | undefined> {
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: name }));
    return Stacks?.[0];
  } catch (error) {
    if (doesNotExist(error)) return undefined;
    throw explain(error, 'cloudformation:DescribeStacks');
  }
}

/** AWS errors with what to do about them. */
export function explain(error: unknown, action: string): Error {
  const e = error as AwsError;
  const message = (e.message ?? '').replace(/\s+/g, ' ');
  if (e.name === 'InsufficientCapabilitiesException' || /Requires capabilities/i.test(message)) {
    const needed = /\[([A-Z_, ]+)\]/.exec(message)?.[1] ?? 'CAPABILITY_IAM';
    return new UserError(`The template needs ${needed}: ${message}`, {
      hint: `Add \`capabilities: ${needed}\` to the step (review the IAM resources first).`,
      cause: error,
    });
  }
  if (e.name === 'AccessDenied' || e.name === 'AccessDeniedException')
    return new UserError(`${action} failed: AccessDenied: ${message}`, {
      hint: `Add ${action} to the role assumed by configure-aws-credentials (and iam:PassRole for role-arn).`,
      cause: error,
    });
  if (e.name === 'ValidationError') return new UserError(`${action} failed: ${message}`, { cause: error });
  return error as Error;
}

export const isInProgress = (status: string | undefined) =>
  Boolean(status?.endsWith('_IN_PROGRESS')) && status !== 'REVIEW_IN_PROGRESS';
const SUCCESS = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE', 'DELETE_COMPLETE']);

/** Latest events first, as DescribeStackEvents returns them, down to `since`. */
async function eventsSince(cfn: CloudFormationClient, stack: string, since: number): Promise<StackEvent[]> {
  const out: StackEvent[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stack, NextToken: token }));
    for (const e of page.StackEvents ?? []) {
      if (new Date(e.Timestamp!).getTime() < since) return out;
      out.push(e);
    }
    token = page.NextToken;
  } while (token);
  return out;
}

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
 * (rollbacks included). Returns the final stack and all events of the operation.
 */
export async function followStack(
  cfn: CloudFormationClient,
  stackId: string,
  since: number,
  options: { pollMs: number; timeoutMs: number },
  deps: Deps,
): Promise<{ stack: Stack; events: StackEvent[] }> {
  const seen = new Set<string>();
  const all: StackEvent[] = [];
  const start = deps.now().getTime();
  for (;;) {
    const events = await eventsSince(cfn, stackId, since);
    for (const e of events.reverse()) {
      if (seen.has(e.EventId!)) continue;
      seen.add(e.EventId!);
      all.push(e);
      deps.logger.info(formatEvent(e));
    }
    const stack = await describeStack(cfn, stackId);
    if (!stack) throw new UserError(`Stack ${stackId} disappeared during the operation.`);
    if (!isInProgress(stack.StackStatus)) return { stack, events: all };
    if (deps.now().getTime() - start >= options.timeoutMs)
      throw new UserError(
        `Stack ${stack.StackName} is still ${stack.StackStatus} after the ${Math.round(options.timeoutMs / 60_000)}m timeout.`,
        {
          hint: 'The operation goes on in CloudFormation; do not start another deployment until it ends (check the console).',
        },
      );
    await deps.sleep(options.pollMs);
  }
}

export function succeeded(stack: Stack): boolean {
  return SUCCESS.has(stack.StackStatus ?? '');
}

/** Wait for another operation holding the stack; fail at the timeout saying who holds it. */
export async function waitUntilIdle(
  cfn: CloudFormationClient,
  name: string,
  options: { pollMs: number; timeoutMs: number },
  deps: Deps,
): Promise<Stack | undefined> {
  const start = deps.now().getTime();
  let stack = await describeStack(cfn, name);
  let logged = false;
  while (stack && isInProgress(stack.StackStatus)) {
    if (!logged) {
      deps.logger.info(
        `Stack ${name} is ${stack.StackStatus} (another operation); waiting for it to finish.`,
      );
      logged = true;
    }
    if (deps.now().getTime() - start >= options.timeoutMs) {
      const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: name }));
      const last = StackEvents?.[0];
      const holder = last?.ClientRequestToken ? ` (client request token ${last.ClientRequestToken})` : '';
      throw new UserError(
        `Stack ${name} is locked: still ${stack.StackStatus} after the ${Math.round(options.timeoutMs / 60_000)}m timeout, by an operation started ${stack.LastUpdatedTime ? new Date(stack.LastUpdatedTime).toISOString() : new Date(stack.CreationTime!).toISOString()}${holder}${last ? `; latest event: ${formatEvent(last).replace(/\s+/g, ' ')}` : ''}.`,
        {
          hint: 'Wait for it to finish (or cancel it in the console), and use a `concurrency:` group so deployments never overlap.',
        },
      );
    }
    await deps.sleep(options.pollMs);
    stack = await describeStack(cfn, name);
  }
  return stack;
}

const EMPTY = /didn't contain changes|No updates are to be performed|does not contain any changes/i;

/** Wait for a change set to be created; `empty` when CloudFormation found nothing to change. */
export async function waitForChangeSet(
  cfn: CloudFormationClient,
  stack: string,
  name: string,
  options: { pollMs: number; timeoutMs: number },
  deps: Deps,
): Promise<{ changeSet: DescribeChangeSetOutput; changes: Change[]; empty: boolean }> {
  const start = deps.now().getTime();
  for (;;) {
    const first = await cfn.send(new DescribeChangeSetCommand({ StackName: stack, ChangeSetName: name }));
    if (first.Status === 'FAILED') {
      if (EMPTY.test(first.StatusReason ?? '')) return { changeSet: first, changes: [], empty: true };
      throw new UserError(`Change set ${name} failed: ${first.StatusReason ?? 'no reason given'}`);
    }
    if (first.Status === 'CREATE_COMPLETE') {
      const changes = [...(first.Changes ?? [])];
      let token = first.NextToken;
      while (token) {
        const page = await cfn.send(
          new DescribeChangeSetCommand({ StackName: stack, ChangeSetName: name, NextToken: token }),
        );
        changes.push(...(page.Changes ?? []));
        token = page.NextToken;
      }
      return { changeSet: first, changes, empty: changes.length === 0 };
    }
    if (deps.now().getTime() - start >= options.timeoutMs)
      throw new UserError(
        `Change set ${name} is still ${first.Status} after the ${Math.round(options.timeoutMs / 60_000)}m timeout.`,
      );
    await deps.sleep(Math.min(options.pollMs, 5000));
  }
}

export async function deleteStackAndWait(
  cfn: CloudFormationClient,
  stack: Stack,
  options: { pollMs: number; timeoutMs: number },
  deps: Deps,
): Promise<void> {
  const since = deps.now().getTime();
  await cfn.send(new DeleteStackCommand({ StackName: stack.StackId }));
  const { stack: final } = await followStack(cfn, stack.StackId!, since, options, deps);
  if (final.StackStatus !== 'DELETE_COMPLETE')
    throw new UserError(
      `Deleting stack ${stack.StackName} ended in ${final.StackStatus}: ${final.StackStatusReason ?? ''}`,
    );
}
