// The shipped template's IAM, read as IAM reads it: who may assume each role (the OIDC subject), and what each role
// may write. A small evaluator resolves the template's intrinsic functions for one parameter set and matches actions
// and resources with IAM's wildcards; conditions are not needed to answer "may this role ever do X" (they only
// narrow an Allow), except the bucket policy's Deny conditions, which are asserted as written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTemplateText } from '@mlops-actions/deploy-stack/template';
import { describe, expect, it } from 'vitest';

const path = join(import.meta.dirname, 'template.yaml');
const template = parseTemplateText(readFileSync(path, 'utf8'), path);
const resources = template.resources as Record<string, { Type: string; Properties?: any }>;

const BUCKET = 'arn:aws:s3:::ml-infra-artifactbucket-1a2b3c';
const values: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'eu-west-1',
  'AWS::AccountId': '123456789012',
  'AWS::StackName': 'ml-infra',
  'AWS::StackId': 'arn:aws:cloudformation:eu-west-1:123456789012:stack/ml-infra/0f1e2d3c',
  GitHubOrg: 'acme',
  GitHubRepo: 'shop-ml',
  MainBranch: 'main',
  ProductionEnvironment: 'production',
  InfrastructureEnvironment: 'infrastructure',
  ModelPackageGroupName: 'purchases',
  EndpointName: 'purchases-prod',
  'ArtifactBucket.Arn': BUCKET,
};
const roleArn = (id: string) => `arn:aws:iam::123456789012:role/mlops/ml-infra-${id}-XYZ`;

/** Resolve Ref, Fn::Sub, Fn::GetAtt and Fn::If (conditions true) to plain values. */
function resolve(node: any): any {
  if (Array.isArray(node)) return node.map(resolve);
  if (!node || typeof node !== 'object') return node;
  if ('Ref' in node) {
    const name = node.Ref as string;
    if (name in values) return values[name];
    if (resources[name]?.Type === 'AWS::IAM::OIDCProvider')
      return 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    if (name === 'ArtifactBucket') return BUCKET.replace('arn:aws:s3:::', '');
    throw new Error(`unresolved Ref ${name}`);
  }
  if ('Fn::Sub' in node)
    return (node['Fn::Sub'] as string).replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
      if (!(name in values)) throw new Error(`unresolved \${${name}}`);
      return values[name]!;
    });
  if ('Fn::GetAtt' in node) {
    const [id, attribute] = node['Fn::GetAtt'] as [string, string];
    if (id === 'ArtifactBucket' && attribute === 'Arn') return BUCKET;
    if (resources[id]?.Type === 'AWS::IAM::Role' && attribute === 'Arn') return roleArn(id);
    throw new Error(`unresolved GetAtt ${id}.${attribute}`);
  }
  if ('Fn::If' in node) return resolve((node['Fn::If'] as unknown[])[1]);
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v)]));
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const glob = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  ).test(value);

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

function statements(roleId: string): Statement[] {
  const role = resolve(resources[roleId]!.Properties);
  return list(role.Policies).flatMap((p: any) => list(p.PolicyDocument.Statement)) as Statement[];
}

/** Whether any Allow statement of the role's policies covers this action on this resource. */
function allows(roleId: string, action: string, resource: string): boolean {
  return statements(roleId).some(
    (s) =>
      s.Effect === 'Allow' &&
      list(s.Action).some((a) => glob(a, action)) &&
      list(s.Resource).some((r) => glob(r, resource)),
  );
}

const roles = Object.entries(resources)
  .filter(([, r]) => r.Type === 'AWS::IAM::Role')
  .map(([id]) => id);
const object = (key: string) => `${BUCKET}/${key}`;

function trust(roleId: string) {
  return list(resolve(resources[roleId]!.Properties).AssumeRolePolicyDocument.Statement) as any[];
}

describe('examples/infrastructure/template.yaml IAM', () => {
  it('binds each GitHub OIDC role to exactly one subject (no wildcard), with the sts audience', () => {
    const subjects: Record<string, string> = {};
    for (const id of roles) {
      for (const s of trust(id)) {
        if (!s.Principal.Federated) continue;
        expect(s.Action).toBe('sts:AssumeRoleWithWebIdentity');
        expect(s.Condition.StringLike).toBeUndefined();
        expect(s.Condition.StringEquals['token.actions.githubusercontent.com:aud']).toBe('sts.amazonaws.com');
        subjects[id] = s.Condition.StringEquals['token.actions.githubusercontent.com:sub'];
      }
    }
    expect(subjects).toEqual({
      PullRequestRole: 'repo:acme/shop-ml:pull_request',
      MainBranchRole: 'repo:acme/shop-ml:ref:refs/heads/main',
      InfrastructureRole: 'repo:acme/shop-ml:environment:infrastructure',
      PromotionRole: 'repo:acme/shop-ml:environment:production',
    });
  });

  it('service roles are assumable only by their AWS service', () => {
    const services = Object.fromEntries(
      roles
        .filter((id) => trust(id).every((s) => s.Principal.Service))
        .map((id) => [id, trust(id).map((s) => s.Principal.Service)]),
    );
    expect(services).toEqual({
      SageMakerExecutionRole: ['sagemaker.amazonaws.com'],
      PullRequestExecutionRole: ['sagemaker.amazonaws.com'],
      CloudFormationServiceRole: ['cloudformation.amazonaws.com'],
    });
  });

  const trusted = [
    'models/',
    'code/',
    'predictions/',
    'drift/',
    'reports/',
    'ledger/',
    'checkpoints/',
    'data/',
  ];

  it('a pull request (its role and the execution role its code runs as) writes only under pr/ and appends evaluations', () => {
    for (const id of ['PullRequestRole', 'PullRequestExecutionRole']) {
      for (const prefix of trusted)
        expect(allows(id, 's3:PutObject', object(`${prefix}purchases/model.tar.gz`)), `${id} ${prefix}`).toBe(
          false,
        );
      expect(allows(id, 's3:PutObject', object('pr/models/job/output/model.tar.gz'))).toBe(true);
      expect(allows(id, 's3:DeleteObject', object('ledger/x.json'))).toBe(false);
    }
    expect(allows('PullRequestRole', 's3:PutObject', object('evaluations/purchases/1.json'))).toBe(true);
    expect(allows('PullRequestExecutionRole', 's3:PutObject', object('evaluations/purchases/1.json'))).toBe(
      false,
    );
  });

  it('a pull request cannot approve or deploy a model, apply infrastructure, or run code as the trusted role', () => {
    const pkg = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/3';
    const endpoint = 'arn:aws:sagemaker:eu-west-1:123456789012:endpoint/purchases-prod';
    expect(allows('PullRequestRole', 'sagemaker:UpdateModelPackage', pkg)).toBe(false);
    expect(allows('PullRequestRole', 'sagemaker:CreateEndpoint', endpoint)).toBe(false);
    expect(allows('PullRequestRole', 'sagemaker:UpdateEndpoint', endpoint)).toBe(false);
    expect(allows('PullRequestRole', 'cloudformation:ExecuteChangeSet', values['AWS::StackId']!)).toBe(false);
    expect(allows('PullRequestRole', 'iam:PassRole', roleArn('SageMakerExecutionRole'))).toBe(false);
    expect(allows('PullRequestRole', 'iam:PassRole', roleArn('PullRequestExecutionRole'))).toBe(true);
    expect(allows('PullRequestRole', 'sagemaker:CreateModelPackage', pkg)).toBe(true);
  });

  it('only the promotion role appends to the ledger, approves packages and changes the endpoint', () => {
    const pkg = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/3';
    const endpoint = 'arn:aws:sagemaker:eu-west-1:123456789012:endpoint/purchases-prod';
    for (const [action, resource] of [
      ['s3:PutObject', object('ledger/purchases/0001.json')],
      ['sagemaker:UpdateModelPackage', pkg],
      ['sagemaker:UpdateEndpoint', endpoint],
      ['sagemaker:CreateEndpoint', endpoint],
    ] as const)
      expect(roles.filter((id) => allows(id, action, resource))).toEqual(['PromotionRole']);
  });

  it('only the infrastructure role executes change sets, and only through the CloudFormation service role', () => {
    expect(
      roles.filter((id) => allows(id, 'cloudformation:ExecuteChangeSet', values['AWS::StackId']!)),
    ).toEqual(['InfrastructureRole']);
    expect(allows('InfrastructureRole', 'iam:PassRole', roleArn('CloudFormationServiceRole'))).toBe(true);
    expect(allows('InfrastructureRole', 'iam:PassRole', roleArn('SageMakerExecutionRole'))).toBe(false);
    expect(allows('InfrastructureRole', 'iam:CreateRole', roleArn('Anything'))).toBe(false);
    // The service role manages this stack's roles only.
    expect(allows('CloudFormationServiceRole', 'iam:CreateRole', roleArn('PromotionRole'))).toBe(true);
    expect(
      allows(
        'CloudFormationServiceRole',
        'iam:CreateRole',
        'arn:aws:iam::123456789012:role/OrganizationAdmin',
      ),
    ).toBe(false);
  });

  it('the bucket policy makes ledger and evaluation records append-only for every principal', () => {
    const policy = resolve(resources.ArtifactBucketPolicy!.Properties).PolicyDocument
      .Statement as Statement[];
    const appendOnly = policy.find((s) => s.Sid === 'AppendOnlyRecords')!;
    expect(appendOnly).toMatchObject({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Condition: { Null: { 's3:if-none-match': 'true' } },
    });
    expect(list(appendOnly.Resource).sort()).toEqual([object('evaluations/*'), object('ledger/*')]);
    const noDelete = policy.find((s) => s.Sid === 'RecordsAreNeverDeleted')!;
    expect(noDelete.Effect).toBe('Deny');
    expect(list(noDelete.Action)).toEqual(['s3:DeleteObject', 's3:DeleteObjectVersion']);
  });

  it('outputs every variable the example workflows read, named as the variable in UPPER_SNAKE_CASE', () => {
    const raw = readFileSync(path, 'utf8');
    const declared = [...raw.slice(raw.indexOf('\nOutputs:')).matchAll(/^ {2}(\w+):$/gm)].map((m) =>
      m[1]!.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase(),
    );
    expect(declared).toContain('PR_ROLE_ARN');
    const workflows = ['pr-check', 'drift-report', 'retrain', 'promote', 'deploy-infra'].map((n) =>
      readFileSync(join(import.meta.dirname, '../workflows', `${n}.yml`), 'utf8'),
    );
    const used = new Set(workflows.flatMap((w) => [...w.matchAll(/vars\.([A-Z0-9_]+)/g)].map((m) => m[1]!)));
    // Chosen by the user, not produced by the stack (documented in examples/README.md).
    const userChosen = new Set(['TRAINING_IMAGE', 'ENDPOINT_ALARMS']);
    const missing = [...used].filter((v) => !declared.includes(v) && !userChosen.has(v));
    expect(missing).toEqual([]);
  });
});
