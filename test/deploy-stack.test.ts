import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAwsQuery } from './harness/aws-query.js';
import { ACTIONS_BOT, FakeGitHub } from './harness/github-api.js';
import { repoRoot, runStep } from './harness/runner.js';

const stackId = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/ml-infra/42';
const changeSetId = (name: string) => `arn:aws:cloudformation:eu-west-1:123456789012:changeSet/${name}/1`;
/** A change set of the stack as DescribeChangeSet answers, in the given state. */
const changeSet = (name: string, state: Record<string, unknown>) => ({
  ChangeSetName: name,
  ChangeSetId: changeSetId(name),
  StackName: 'ml-infra',
  ...state,
});
/** The stack both scenarios start from: up to date, with one output. */
const infraStack = {
  StackName: 'ml-infra',
  StackId: stackId,
  StackStatus: 'UPDATE_COMPLETE',
  CreationTime: new Date('2026-10-01T00:00:00Z'),
  Outputs: [{ OutputKey: 'BucketName', OutputValue: 'ml-infra-artifactbucket-1' }],
};

// The bundled action in plan mode on a pull request, CloudFormation scripted over its Query protocol on loopback.
describe('deploy-stack (bundled action) plan on a pull request', () => {
  const cfn = new FakeAwsQuery();
  const github = new FakeGitHub();

  beforeAll(async () => {
    await Promise.all([cfn.start(), github.start()]);
    cfn
      .on('DescribeStacks', () => ({ Stacks: [infraStack] }))
      .on('CreateChangeSet', (p) => ({ Id: changeSetId(p.ChangeSetName!), StackId: stackId }))
      .on('DescribeChangeSet', (p) =>
        changeSet(p.ChangeSetName!, {
          Status: 'CREATE_COMPLETE',
          ExecutionStatus: 'AVAILABLE',
          Changes: [
            {
              Type: 'Resource',
              ResourceChange: {
                Action: 'Modify',
                LogicalResourceId: 'ModelPackageGroup',
                PhysicalResourceId: 'purchases',
                ResourceType: 'AWS::SageMaker::ModelPackageGroup',
                Replacement: 'True',
                Details: [
                  {
                    Target: {
                      Attribute: 'Properties',
                      Name: 'ModelPackageGroupName',
                      RequiresRecreation: 'Always',
                    },
                  },
                ],
              },
            },
            {
              Type: 'Resource',
              ResourceChange: {
                Action: 'Modify',
                LogicalResourceId: 'CiRole',
                ResourceType: 'AWS::IAM::Role',
                Replacement: 'False',
                Details: [{ Target: { Attribute: 'Properties', Name: 'Policies' } }],
              },
            },
          ],
        }),
      )
      .on('DeleteChangeSet', () => ({}));
  });
  afterAll(async () => {
    await Promise.all([cfn.stop(), github.stop()]);
  });

  it('posts the plan as one sticky comment per stack, highlights the replacement, deletes the change set', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'deploy-ws-'));
    copyFileSync(join(repoRoot, 'examples/infrastructure/template.yaml'), join(workspace, 'template.yaml'));
    const inputs = {
      'stack-name': 'ml-infra',
      template: 'template.yaml',
      parameters: 'GitHubOrg: octo-org\nGitHubRepo: ml-repo\nModelPackageGroupName: purchases-v2',
      capabilities: 'CAPABILITY_IAM',
      mode: 'plan',
    };
    for (const runAttempt of [1, 2]) {
      const res = await runStep('deploy-stack', {
        event: 'pull_request',
        apiUrl: github.url,
        workspace,
        runAttempt,
        env: cfn.env(),
        inputs,
      });
      expect(res.errors).toEqual([]);
      expect(res.exitCode).toBe(0);
      expect(res.outputs['has-changes']).toBe('true');
      expect(JSON.parse(res.outputs.changes!).map((c: { logical_id: string }) => c.logical_id)).toEqual([
        'ModelPackageGroup',
        'CiRole',
      ]);
      expect(res.outputs.BucketName).toBe('ml-infra-artifactbucket-1');
    }
    const create = cfn.callsTo('CreateChangeSet');
    // unique per attempt
    expect(create.map((c) => c.params.ChangeSetName)).toEqual([
      expect.stringMatching(/^mlops-\d+-1$/),
      expect.stringMatching(/^mlops-\d+-2$/),
    ]);
    expect(create[0]!.params).toMatchObject({
      StackName: 'ml-infra',
      ChangeSetType: 'UPDATE',
      'Capabilities.member.1': 'CAPABILITY_IAM',
      'Parameters.member.1.ParameterKey': 'GitHubOrg',
      'Parameters.member.1.ParameterValue': 'octo-org',
    });
    expect(cfn.callsTo('DeleteChangeSet')).toHaveLength(2);
    expect(cfn.callsTo('ExecuteChangeSet')).toHaveLength(0);
    const ours = github.commentsOn(7).filter((c) => c.user.login === ACTIONS_BOT.login);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('<!-- mlops-actions:deploy-stack:ml-infra -->');
    expect(ours[0]!.body).toContain('> [!CAUTION]');
    expect(ours[0]!.body).toContain(
      '| Modify | `ModelPackageGroup` | `AWS::SageMaker::ModelPackageGroup` | ⚠️ **Replace** | `ModelPackageGroupName` |',
    );
  });
});

// An unchanged re-apply: real CloudFormation creates a FAILED change set ("didn't contain changes"); the moto
// emulator raises "No updates are to be performed." from CreateChangeSet. Both must end green with no changes.
describe('deploy-stack (bundled action) apply of an unchanged template', () => {
  const cfn = new FakeAwsQuery();
  let answer: 'aws' | 'moto' = 'aws';

  beforeAll(async () => {
    await cfn.start();
    cfn
      .on('DescribeStacks', () => ({ Stacks: [infraStack] }))
      .on('CreateChangeSet', (p) => {
        if (answer === 'moto')
          throw Object.assign(new Error('No updates are to be performed.'), { name: 'ValidationError' });
        return { Id: changeSetId(p.ChangeSetName!), StackId: stackId };
      })
      .on('DescribeChangeSet', (p) =>
        changeSet(p.ChangeSetName!, {
          Status: 'FAILED',
          ExecutionStatus: 'UNAVAILABLE',
          StatusReason:
            "The submitted information didn't contain changes. Submit different information to create a change set.",
        }),
      )
      .on('DeleteChangeSet', () => ({}));
  });
  afterAll(() => cfn.stop());

  it.each(['aws', 'moto'] as const)(
    'succeeds with has-changes false and executes nothing (%s wording)',
    async (kind) => {
      answer = kind;
      cfn.calls.length = 0;
      const workspace = mkdtempSync(join(tmpdir(), 'deploy-unchanged-'));
      copyFileSync(join(repoRoot, 'examples/infrastructure/template.yaml'), join(workspace, 'template.yaml'));
      const res = await runStep('deploy-stack', {
        event: 'push',
        workspace,
        env: cfn.env(),
        inputs: {
          'stack-name': 'ml-infra',
          template: 'template.yaml',
          parameters: 'GitHubOrg: octo-org\nGitHubRepo: ml-repo\nModelPackageGroupName: purchases-v2',
          capabilities: 'CAPABILITY_IAM',
          mode: 'apply',
          'poll-interval': '10ms',
        },
      });
      expect(res.errors).toEqual([]);
      expect(res.exitCode).toBe(0);
      expect(res.outputs['has-changes']).toBe('false');
      expect(res.outputs.status).toBe('UPDATE_COMPLETE');
      expect(res.outputs.BucketName).toBe('ml-infra-artifactbucket-1');
      expect(res.summary).toContain('No changes: the stack already matches the template and parameters.');
      expect(cfn.callsTo('CreateChangeSet')).toHaveLength(1);
      expect(cfn.callsTo('ExecuteChangeSet')).toHaveLength(0);
    },
  );
});
