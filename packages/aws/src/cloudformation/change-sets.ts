import {
  type Change,
  type CloudFormationClient,
  CreateChangeSetCommand,
  type CreateChangeSetInput,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  type DescribeChangeSetOutput,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { UserError } from '@mlops-actions/core';
import { explainAwsError, isNoChanges, isNotFound } from '../errors.js';
import { timeoutMinutes, type WaitDeps, type WaitOptions, WaitProgress } from '../wait.js';

/** What CreateChangeSet left: its id (empty when nothing was created), whether it is new, and "no changes". */
export interface CreatedChangeSet {
  id: string;
  created: boolean;
  /** True when CloudFormation said at creation that there is nothing to change (moto does; AWS fails the set). */
  empty: boolean;
}

/**
 * Create a change set. A set of that name from an earlier try of this attempt is reused; an unchanged template
 * answered with an error at creation (the moto emulator) counts as an empty change set, as AWS's FAILED one does.
 */
export async function createChangeSet(
  cfn: CloudFormationClient,
  request: CreateChangeSetInput,
): Promise<CreatedChangeSet> {
  try {
    const res = await cfn.send(new CreateChangeSetCommand(request));
    return { id: res.Id!, created: true, empty: false };
  } catch (error) {
    if (isNoChanges(error)) return { id: '', created: false, empty: true };
    if ((error as Error).name !== 'AlreadyExistsException')
      throw explainAwsError(error, 'cloudformation:CreateChangeSet', {
        passRole: 'the stack service role (role-arn)',
      });
  }
  const existing = await describeChangeSet(cfn, request.StackName!, request.ChangeSetName!);
  return { id: existing?.ChangeSetId ?? '', created: false, empty: false };
}

/** Describe a change set, or undefined when it does not exist. */
export async function describeChangeSet(
  cfn: CloudFormationClient,
  stack: string,
  name: string,
): Promise<DescribeChangeSetOutput | undefined> {
  try {
    return await cfn.send(new DescribeChangeSetCommand({ StackName: stack, ChangeSetName: name }));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw explainAwsError(error, 'cloudformation:DescribeChangeSet');
  }
}

/** Wait for a change set to be created (a heartbeat at least every 10 s); `empty` when there is nothing to change. */
export async function waitForChangeSet(
  cfn: CloudFormationClient,
  stack: string,
  name: string,
  options: WaitOptions,
  deps: WaitDeps,
): Promise<{ changeSet: DescribeChangeSetOutput; changes: Change[]; empty: boolean }> {
  const progress = new WaitProgress(deps, `change set ${name} of stack ${stack}`);
  for (;;) {
    const first = await describeChangeSet(cfn, stack, name);
    if (!first) throw new UserError(`Change set ${name} of stack ${stack} disappeared while it was created.`);
    progress.set(String(first.Status));
    if (first.Status === 'FAILED') {
      if (isNoChanges(first.StatusReason ?? '')) return { changeSet: first, changes: [], empty: true };
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
    if (progress.elapsed() >= options.timeoutMs)
      throw new UserError(
        `Change set ${name} is still ${first.Status} after the ${timeoutMinutes(options.timeoutMs)}m timeout.`,
      );
    await progress.sleep(Math.min(options.pollMs, 5000));
  }
}

/** Delete a change set, ignoring failure (it may never have been created). */
export async function deleteChangeSetQuietly(
  cfn: CloudFormationClient,
  stack: string,
  name: string,
): Promise<void> {
  await cfn
    .send(new DeleteChangeSetCommand({ StackName: stack, ChangeSetName: name }))
    .catch(() => undefined);
}

/** Execute a change set (the stack operation starts; follow it with followStack). */
export async function executeChangeSet(
  cfn: CloudFormationClient,
  stack: string,
  name: string,
): Promise<void> {
  try {
    await cfn.send(new ExecuteChangeSetCommand({ StackName: stack, ChangeSetName: name }));
  } catch (error) {
    throw explainAwsError(error, 'cloudformation:ExecuteChangeSet', {
      passRole: 'the stack service role (role-arn)',
    });
  }
}
