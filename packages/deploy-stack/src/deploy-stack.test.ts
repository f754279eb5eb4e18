import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseInputsLoadingYaml, runContextFromEnv } from '@mlops-actions/github';
import {
  longestSilence,
  recordLineTimes,
  rejectionMessage,
  testDeps,
  testInputs,
} from '@mlops-actions/github/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { parseParameters } from './parameters.js';
import { deployStack } from './run.js';
import { parseTemplateText, readTemplate } from './template.js';

const cfn = mockClient(CloudFormationClient);
const s3 = mockClient(S3Client);
const dir = mkdtempSync(join(tmpdir(), 'deploy-'));
const STACK = 'ml-infra';
const STACK_ID = `arn:aws:cloudformation:eu-west-1:123456789012:stack/${STACK}/1111`;
const env = {
  AWS_REGION: 'eu-west-1',
  GITHUB_REPOSITORY: 'acme/ml',
  GITHUB_RUN_ID: '77',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_ACTOR: 'octocat',
};

const TEMPLATE = `
Parameters:
  BucketName: { Type: String }
  Retention: { Type: Number, Default: 30 }
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref BucketName
      Tags: [{ Key: name, Value: !Sub '\${AWS::StackName}-bucket' }]
Outputs:
  Arn: { Value: !GetAtt Bucket.Arn }
`;
const templatePath = join(dir, 'template.yaml');
writeFileSync(templatePath, TEMPLATE);

const inputs = (values: Record<string, string>) =>
  testInputs(
    { definition, parseInputs },
    { 'stack-name': STACK, template: templatePath, 'poll-interval': '5s', ...values },
  );
const deps = () => testDeps({ env, context: runContextFromEnv(env) });
const run = (values: Record<string, string> = {}, d = deps()) => deployStack(inputs(values), d);

const failure = rejectionMessage;

const t0 = Date.parse('2026-11-24T12:00:00Z');
const event = (
  i: number,
  logical: string,
  status: string,
  reason?: string,
  type = 'AWS::S3::Bucket',
): StackEvent => ({
  EventId: `e${i}`,
  StackId: STACK_ID,
  StackName: STACK,
  LogicalResourceId: logical,
  ResourceType: type,
  ResourceStatus: status as never,
  ResourceStatusReason: reason,
  Timestamp: new Date(t0 + i * 1000),
});

const existing = (status = 'UPDATE_COMPLETE') => ({
  Stacks: [
    {
      StackName: STACK,
      StackId: STACK_ID,
      StackStatus: status as never,
      CreationTime: new Date(t0 - 86_400_000),
      Outputs: [{ OutputKey: 'Arn', OutputValue: 'arn:aws:s3:::b' }],
    },
  ],
});
const notExists = Object.assign(new Error(`Stack with id ${STACK} does not exist`), {
  name: 'ValidationError',
});

beforeEach(() => {
  cfn.reset();
  s3.reset();
  cfn.on(DeleteChangeSetCommand).resolves({});
  cfn.on(DeleteStackCommand).resolves({});
  cfn.on(CreateChangeSetCommand).resolves({
    Id: 'arn:aws:cloudformation:eu-west-1:123456789012:changeSet/mlops-77-2/abc',
    StackId: STACK_ID,
  });
});

describe('templates', () => {
  it('parse YAML short-form tags into their long form', () => {
    const t = parseTemplateText(TEMPLATE, 'template.yaml');
    const doc = (t as unknown as { resources: Record<string, { Properties: Record<string, unknown> }> })
      .resources.Bucket!.Properties;
    expect(doc.BucketName).toEqual({ Ref: 'BucketName' });
    expect(doc.Tags).toEqual([{ Key: 'name', Value: { 'Fn::Sub': '${AWS::StackName}-bucket' } }]);
    const outputs = parseTemplateText(
      'Resources: { A: { Type: X } }\nOutputs: { O: { Value: !GetAtt A.Arn.Suffix } }\nC: !If [c, !Ref a, !Join ["", [a, b]]]',
      't',
    );
    expect(outputs.resources.A!.Type).toBe('X');
  });
  it('the example infrastructure template passes the action’s validation', () => {
    const t = readTemplate(resolve(import.meta.dirname, '../../../examples/infrastructure/template.yaml'));
    expect(Object.keys(t.resources)).toContain('PromotionRole');
    expect(t.bytes).toBeLessThan(51_200);
  });
  it('reject invalid ones with the line', () => {
    expect(() => parseTemplateText('Resources:\n  A: [', 'bad.yaml')).toThrow(
      /bad\.yaml is not valid YAML or JSON \(line \d+/,
    );
    expect(() => parseTemplateText('Parameters: {}', 'empty.yaml')).toThrow(/no Resources/);
    expect(() => parseTemplateText('Resources: { A: { Properties: {} } }', 'x.yaml')).toThrow(
      /resource A has no Type/,
    );
  });
  it('parameters: YAML map with commas, or the CloudFormation JSON file', async () => {
    // As the entry parses inputs: the YAML library is loaded on demand.
    expect(
      await parseInputsLoadingYaml(() => parseParameters('Subnets: subnet-1,subnet-2\nName: a')),
    ).toEqual([
      { ParameterKey: 'Subnets', ParameterValue: 'subnet-1,subnet-2' },
      { ParameterKey: 'Name', ParameterValue: 'a' },
    ]);
    const file = join(dir, 'params.json');
    writeFileSync(
      file,
      JSON.stringify([
        { ParameterKey: 'Cidrs', ParameterValue: '10.0.0.0/16,10.1.0.0/16' },
        { ParameterKey: 'Old', UsePreviousValue: true },
      ]),
    );
    expect(parseParameters(file)).toEqual([
      { ParameterKey: 'Cidrs', ParameterValue: '10.0.0.0/16,10.1.0.0/16' },
      { ParameterKey: 'Old', UsePreviousValue: true },
    ]);
  });
});

describe('deploy-stack', () => {
  it('plan on a new stack: CREATE change set with the exact request, report, then change set and review stack deleted', async () => {
    cfn.on(DescribeStacksCommand).rejects(notExists);
    cfn
      .on(DescribeChangeSetCommand)
      .resolvesOnce({ Status: 'CREATE_PENDING' })
      .resolves({
        Status: 'CREATE_COMPLETE',
        ChangeSetId: 'cs-1',
        Changes: [
          {
            Type: 'Resource',
            ResourceChange: { Action: 'Add', LogicalResourceId: 'Bucket', ResourceType: 'AWS::S3::Bucket' },
          },
        ],
      });
    const res = await run({
      parameters: 'BucketName: my-bucket',
      tags: 'team: ml',
      capabilities: 'CAPABILITY_IAM',
    });
    expect(cfn.commandCalls(CreateChangeSetCommand)[0]!.args[0].input).toEqual({
      StackName: STACK,
      ChangeSetName: 'mlops-77-2',
      ChangeSetType: 'CREATE',
      TemplateBody: TEMPLATE,
      Parameters: [{ ParameterKey: 'BucketName', ParameterValue: 'my-bucket' }],
      Capabilities: ['CAPABILITY_IAM'],
      Tags: [{ Key: 'team', Value: 'ml' }],
      RoleARN: undefined,
      NotificationARNs: undefined,
      Description: 'plan by octocat in https://github.com/acme/ml/actions/runs/77',
    });
    expect(res.outputs).toMatchObject({ 'has-changes': true, status: 'NONE' });
    expect(JSON.parse(String(res.outputs.changes))).toEqual([
      {
        action: 'Add',
        logical_id: 'Bucket',
        physical_id: null,
        type: 'AWS::S3::Bucket',
        replacement: null,
        properties: [],
      },
    ]);
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(1);
    expect(cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(res.summary).toContain('**1** to add');
  });

  it('plan on an update highlights replacements and lists changed properties; missing parameters keep their previous value', async () => {
    cfn.on(DescribeStacksCommand).resolves(existing());
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [
        {
          ResourceChange: {
            Action: 'Modify',
            LogicalResourceId: 'Bucket',
            PhysicalResourceId: 'my-bucket',
            ResourceType: 'AWS::S3::Bucket',
            Replacement: 'True',
            Details: [
              { Target: { Attribute: 'Properties', Name: 'BucketName', RequiresRecreation: 'Always' } },
              { Target: { Attribute: 'Tags' } },
            ],
          },
        },
        {
          ResourceChange: {
            Action: 'Remove',
            LogicalResourceId: 'Old|Queue',
            ResourceType: 'AWS::SQS::Queue',
          },
        },
      ],
    });
    const res = await run({ 'keep-change-set': 'true' });
    expect(cfn.commandCalls(CreateChangeSetCommand)[0]!.args[0].input).toMatchObject({
      ChangeSetType: 'UPDATE',
      Parameters: [{ ParameterKey: 'BucketName', UsePreviousValue: true }],
    });
    expect(res.summary).toContain('> [!CAUTION]');
    expect(res.summary).toContain(
      '| Modify | `Bucket` | `AWS::S3::Bucket` | ⚠️ **Replace** | `BucketName`, `Tags` |',
    );
    expect(res.summary).toContain('| Remove | `Old\\|Queue` |');
    expect(res.outputs.Arn).toBe('arn:aws:s3:::b');
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(0); // keep-change-set
  });

  it('a re-run of the same attempt reuses its change set instead of creating another', async () => {
    cfn.on(DescribeStacksCommand).resolves(existing());
    cfn
      .on(CreateChangeSetCommand)
      .rejects(
        Object.assign(new Error('ChangeSet mlops-77-2 already exists'), { name: 'AlreadyExistsException' }),
      );
    cfn.on(DescribeChangeSetCommand).resolves({
      ChangeSetId: 'cs-existing',
      Status: 'CREATE_COMPLETE',
      Changes: [
        { ResourceChange: { Action: 'Add', LogicalResourceId: 'Q', ResourceType: 'AWS::SQS::Queue' } },
      ],
    });
    const d = deps();
    const res = await run({}, d);
    expect(res.outputs['change-set-id']).toBe('cs-existing');
    expect(d.logger.lines.map((l) => l.message)).toContain('Reusing UPDATE change set mlops-77-2');
  });

  it('an empty change set is success with has-changes=false', async () => {
    cfn.on(DescribeStacksCommand).resolves(existing());
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      StatusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    for (const mode of ['plan', 'apply']) {
      const res = await run({ mode });
      expect(res.outputs['has-changes']).toBe(false);
      expect(res.failure).toBeUndefined();
      expect(res.summary).toContain('No changes');
    }
    expect(cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('apply: executes, streams events, returns stack outputs', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce(existing())
      .resolvesOnce(existing())
      .resolvesOnce(existing())
      .resolvesOnce(existing('UPDATE_IN_PROGRESS'))
      .resolves(existing('UPDATE_COMPLETE'));
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [
        {
          ResourceChange: {
            Action: 'Modify',
            LogicalResourceId: 'Bucket',
            ResourceType: 'AWS::S3::Bucket',
            Replacement: 'False',
          },
        },
      ],
    });
    cfn.on(ExecuteChangeSetCommand).resolves({});
    cfn
      .on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [event(1, 'Bucket', 'UPDATE_IN_PROGRESS')] })
      .resolves({
        StackEvents: [
          event(3, STACK, 'UPDATE_COMPLETE', undefined, 'AWS::CloudFormation::Stack'),
          event(2, 'Bucket', 'UPDATE_COMPLETE'),
          event(1, 'Bucket', 'UPDATE_IN_PROGRESS'),
        ],
      });
    const d = deps();
    // the events are timestamped just after the (fake) start
    d.now = () => new Date(t0);
    const res = await run({ mode: 'apply' }, d);
    expect(res.failure).toBeUndefined();
    expect(res.outputs).toMatchObject({
      status: 'UPDATE_COMPLETE',
      'has-changes': true,
      Arn: 'arn:aws:s3:::b',
      outputs: JSON.stringify({ Arn: 'arn:aws:s3:::b' }),
    });
    const lines = d.logger.lines.map((l) => l.message).filter((m) => /^\d\d:\d\d:\d\d/.test(m));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/UPDATE_IN_PROGRESS\s+AWS::S3::Bucket Bucket/);
    expect(cfn.commandCalls(ExecuteChangeSetCommand)[0]!.args[0].input).toEqual({
      StackName: STACK,
      ChangeSetName: 'mlops-77-2',
    });
  });

  it('a failed apply waits for the rollback and fails with the root cause first', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce(existing())
      .resolvesOnce(existing())
      .resolvesOnce(existing())
      .resolvesOnce(existing('UPDATE_ROLLBACK_IN_PROGRESS'))
      .resolves(existing('UPDATE_ROLLBACK_COMPLETE'));
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [
        { ResourceChange: { Action: 'Add', LogicalResourceId: 'Queue', ResourceType: 'AWS::SQS::Queue' } },
      ],
    });
    cfn.on(ExecuteChangeSetCommand).resolves({});
    cfn.on(DescribeStackEventsCommand).resolves({
      StackEvents: [
        event(6, STACK, 'UPDATE_ROLLBACK_COMPLETE', undefined, 'AWS::CloudFormation::Stack'),
        event(
          5,
          STACK,
          'UPDATE_ROLLBACK_IN_PROGRESS',
          'The following resource(s) failed to create: [Queue, Topic].',
          'AWS::CloudFormation::Stack',
        ),
        event(4, 'Topic', 'CREATE_FAILED', 'Resource creation cancelled', 'AWS::SNS::Topic'),
        event(
          3,
          'Queue',
          'CREATE_FAILED',
          'Resource handler returned message: "Invalid value for MessageRetentionPeriod"',
          'AWS::SQS::Queue',
        ),
        event(2, 'Topic', 'CREATE_IN_PROGRESS', undefined, 'AWS::SNS::Topic'),
        event(1, 'Queue', 'CREATE_IN_PROGRESS', undefined, 'AWS::SQS::Queue'),
      ],
    });
    const d = deps();
    d.now = () => new Date(t0);
    const res = await run({ mode: 'apply' }, d);
    expect(res.failure).toBe(
      'Stack ml-infra update failed and was rolled back (UPDATE_ROLLBACK_COMPLETE): Queue (AWS::SQS::Queue) CREATE_FAILED: Resource handler returned message: "Invalid value for MessageRetentionPeriod"',
    );
    expect(res.outputs.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(res.summary).toContain('Failed events');
  });

  it('says at least every 10 s what it waits for: another operation, the change set, then the stack update', async () => {
    const d = deps();
    const start = d.now().getTime();
    const at = (seconds: number) => d.now().getTime() - start >= seconds * 1000;
    let executedAt = Number.POSITIVE_INFINITY;
    // Another operation holds the stack for a minute, the change set takes 40 s, the update two minutes.
    cfn.on(DescribeStacksCommand).callsFake(async () => {
      const done = d.now().getTime() - executedAt >= 120_000;
      return existing(!at(60) || (executedAt < Infinity && !done) ? 'UPDATE_IN_PROGRESS' : 'UPDATE_COMPLETE');
    });
    cfn.on(DescribeChangeSetCommand).callsFake(async () => ({
      Status: at(100) ? 'CREATE_COMPLETE' : 'CREATE_PENDING',
      Changes: [
        { ResourceChange: { Action: 'Add', LogicalResourceId: 'Q', ResourceType: 'AWS::SQS::Queue' } },
      ],
    }));
    cfn.on(ExecuteChangeSetCommand).callsFake(async () => {
      executedAt = d.now().getTime();
      return {};
    });
    cfn.on(DescribeStackEventsCommand).callsFake(async () => ({
      StackEvents:
        executedAt < Infinity
          ? [{ ...event(1, 'Q', 'CREATE_IN_PROGRESS', undefined, 'AWS::SQS::Queue'), Timestamp: d.now() }]
          : [],
    }));
    const stamps = recordLineTimes(d);
    const res = await run({ mode: 'apply', 'poll-interval': '30s' }, d);
    expect(res.outputs.status).toBe('UPDATE_COMPLETE');
    const waits = stamps.map((s) => s.line).filter((l) => l.startsWith('Waiting for '));
    expect(waits).toContain(
      `Waiting for another operation on stack ${STACK} (UPDATE_IN_PROGRESS), 10s elapsed`,
    );
    expect(waits).toContain(
      `Waiting for change set mlops-77-2 of stack ${STACK} (CREATE_PENDING), 10s elapsed`,
    );
    expect(waits).toContain(`Waiting for stack ${STACK_ID} (UPDATE_IN_PROGRESS, 1 events), 20s elapsed`);
    expect(stamps.at(-1)!.t - start).toBeGreaterThanOrEqual(200_000);
    expect(longestSilence(start, stamps).ms).toBeLessThanOrEqual(10_000);
  });

  it('times out loudly instead of passing', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce(existing())
      .resolvesOnce(existing())
      .resolves(existing('UPDATE_IN_PROGRESS'));
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [
        { ResourceChange: { Action: 'Add', LogicalResourceId: 'Q', ResourceType: 'AWS::SQS::Queue' } },
      ],
    });
    cfn.on(ExecuteChangeSetCommand).resolves({});
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    expect(await failure(run({ mode: 'apply', timeout: '2m' }))).toMatch(
      /still UPDATE_IN_PROGRESS after the 2m timeout/,
    );
  });

  it('a stack in ROLLBACK_COMPLETE needs recreate-failed; with it, it is deleted and created', async () => {
    cfn.on(DescribeStacksCommand).resolves(existing('ROLLBACK_COMPLETE'));
    expect(await failure(run({ mode: 'apply' }))).toMatch(
      /is in ROLLBACK_COMPLETE: its first creation failed .* recreate-failed: true/,
    );
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);

    cfn.reset();
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce(existing('ROLLBACK_COMPLETE'))
      .resolvesOnce(existing('ROLLBACK_COMPLETE'))
      .resolvesOnce(existing('DELETE_COMPLETE'))
      .resolvesOnce(existing('REVIEW_IN_PROGRESS'))
      .resolves(existing('CREATE_COMPLETE'));
    cfn.on(DeleteStackCommand).resolves({});
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs' });
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [
        { ResourceChange: { Action: 'Add', LogicalResourceId: 'Bucket', ResourceType: 'AWS::S3::Bucket' } },
      ],
    });
    cfn.on(ExecuteChangeSetCommand).resolves({});
    const res = await run({ mode: 'apply', 'recreate-failed': 'true', parameters: 'BucketName: b' });
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(1);
    expect(cfn.commandCalls(CreateChangeSetCommand)[0]!.args[0].input.ChangeSetType).toBe('CREATE');
    expect(res.outputs.status).toBe('CREATE_COMPLETE');
  });

  it('uploads templates over 51,200 bytes and passes them by URL', async () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `${TEMPLATE}\n# ${'x'.repeat(52_000)}\n`);
    cfn.on(DescribeStacksCommand).resolves(existing());
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', Changes: [] });
    s3.on(PutObjectCommand).resolves({});
    expect(await failure(run({ template: big }))).toMatch(
      /over CloudFormation's 51200-byte inline limit.*template-bucket/,
    );
    await run({ template: big, 'template-bucket': 'cfn-templates', 'template-prefix': 'stacks' });
    const put = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put.Bucket).toBe('cfn-templates');
    expect(put.Key).toMatch(/^stacks\/ml-infra\/[0-9a-f]{64}\.yaml$/);
    const request = cfn.commandCalls(CreateChangeSetCommand)[0]!.args[0].input;
    expect(request.TemplateBody).toBeUndefined();
    expect(request.TemplateURL).toBe(`https://cfn-templates.s3.eu-west-1.amazonaws.com/${put.Key}`);
  });

  describe('bad input and faults: a clear error, the stack left as it was', () => {
    it('an undeclared parameter, and a required one missing for a new stack', async () => {
      cfn.on(DescribeStacksCommand).rejects(notExists);
      expect(await failure(run({ parameters: 'BucketName: b\nBucketNmae: c' }))).toMatch(
        /Parameters not declared in .*: BucketNmae\. Declared parameters: BucketName, Retention/,
      );
      expect(await failure(run())).toMatch(/Required parameters missing for the new stack: BucketName/);
      expect(cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
    });
    it('a missing capability names the one to add', async () => {
      cfn.on(DescribeStacksCommand).resolves(existing());
      cfn.on(CreateChangeSetCommand).rejects(
        Object.assign(new Error('Requires capabilities : [CAPABILITY_NAMED_IAM]'), {
          name: 'InsufficientCapabilitiesException',
        }),
      );
      expect(await failure(run())).toMatch(
        /needs CAPABILITY_NAMED_IAM.*Add `capabilities: CAPABILITY_NAMED_IAM`/,
      );
    });
    it('a stack locked by another deployment: waits, then says who holds it', async () => {
      cfn.on(DescribeStacksCommand).resolves({
        Stacks: [
          {
            StackName: STACK,
            StackId: STACK_ID,
            StackStatus: 'UPDATE_IN_PROGRESS',
            CreationTime: new Date(t0),
            LastUpdatedTime: new Date(t0),
          },
        ],
      });
      cfn.on(DescribeStackEventsCommand).resolves({
        StackEvents: [
          {
            ...event(1, STACK, 'UPDATE_IN_PROGRESS', 'User Initiated', 'AWS::CloudFormation::Stack'),
            ClientRequestToken: 'Console-UpdateStack-1a2b',
          },
        ],
      });
      const message = await failure(run({ mode: 'apply', timeout: '1m' }));
      expect(message).toMatch(
        /Stack ml-infra is locked: still UPDATE_IN_PROGRESS after the 1m timeout.*client request token Console-UpdateStack-1a2b/,
      );
      expect(cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
    });
    it('a failed change set shows CloudFormation’s reason', async () => {
      cfn.on(DescribeStacksCommand).resolves(existing());
      cfn.on(DescribeChangeSetCommand).resolves({
        Status: 'FAILED',
        StatusReason:
          'Template format error: Unresolved resource dependencies [Missing] in the Resources block',
      });
      expect(await failure(run())).toMatch(
        /Change set mlops-77-2 failed: Template format error: Unresolved resource dependencies \[Missing\]/,
      );
    });
  });
});
