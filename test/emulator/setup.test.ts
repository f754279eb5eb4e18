import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../harness/runner.js';
import { emulatorEnv, emulatorUrl, REGION, resetEmulator } from './emulator.js';

// A stack with outputs like the example template's, created directly (CreateStack), as a user's first deploy does.
const template = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'ml-infra-artifacts' } } },
  Outputs: {
    MlBucket: { Value: { Ref: 'Bucket' } },
    PrRoleArn: { Description: 'pr-check (pull_request runs).', Value: 'arn:aws:iam::123456789012:role/pr' },
    ModelPackageGroup: { Value: 'purchases' },
  },
});

describe.skipIf(!emulatorUrl)('mlops setup against the AWS emulator', () => {
  beforeEach(async () => {
    await resetEmulator();
    const cfn = new CloudFormationClient({
      region: REGION,
      endpoint: emulatorUrl,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await cfn.send(new CreateStackCommand({ StackName: 'ml-infra', TemplateBody: template }));
  });

  it('prints a gh variable set command for every output of the stack', () => {
    const stdout = execFileSync(
      join(repoRoot, 'node_modules/.bin/tsx'),
      [join(repoRoot, 'packages/cli/src/bin.ts'), 'setup', '--stack-name', 'ml-infra'],
      { env: { ...process.env, ...emulatorEnv() }, encoding: 'utf8' },
    );
    expect(stdout).toContain('gh variable set ML_BUCKET --body ml-infra-artifacts\n');
    expect(stdout).toContain('gh variable set MODEL_PACKAGE_GROUP --body purchases\n');
    expect(stdout).toContain(
      '# pr-check (pull_request runs).\ngh variable set PR_ROLE_ARN --body arn:aws:iam::123456789012:role/pr\n',
    );
    expect(stdout).toContain(`gh variable set AWS_REGION --body ${REGION}\n`);
    expect(stdout).toContain('repos/{owner}/{repo}/environments/production');
    expect(stdout).toContain('# gh variable set TRAINING_FRAMEWORK --body sklearn:1.2-1');
  });
});
