import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeAwsQuery } from '../../../test/harness/aws-query.js';
import { runCli } from './cli.js';

const cfn = new FakeAwsQuery();
const saved = { ...process.env };
// The SDK reads credentials and endpoints from this process's environment, as it does when `mlops` runs.
beforeAll(async () => {
  await cfn.start();
  Object.assign(process.env, cfn.env());
});
afterAll(async () => {
  for (const name of Object.keys(cfn.env())) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await cfn.stop();
});

const OUTPUTS = [
  { OutputKey: 'MlBucket', OutputValue: 'ml-infra-artifactbucket-1x2y3z' },
  {
    OutputKey: 'PrRoleArn',
    OutputValue: 'arn:aws:iam::123456789012:role/ml-infra-PullRequestRole-ABC',
    Description: 'pr-check (pull_request runs).',
  },
  { OutputKey: 'CfnServiceRoleArn', OutputValue: 'arn:aws:iam::123456789012:role/cfn-service' },
  { OutputKey: 'TrainingFramework', OutputValue: 'sklearn:1.2-1' },
  // Values a shell would mangle unquoted: spaces, quotes, $ and backticks.
  { OutputKey: 'EndpointName', OutputValue: `it's $HOME \`date\` "x"` },
];

async function setup(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['setup', ...argv], {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: cfn.env(),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Run the printed script with a `gh` that records its arguments, one JSON array per call. */
function runWithFakeGh(script: string): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'fake-gh-'));
  const log = join(dir, 'calls.jsonl');
  writeFileSync(
    join(dir, 'gh'),
    `#!/usr/bin/env python3\nimport json, sys\nopen(${JSON.stringify(log)}, "a").write(json.dumps(sys.argv[1:]) + "\\n")\nif sys.argv[1:3] == ["api", "users/REVIEWER_LOGIN"]: print(4242)\n`,
  );
  chmodSync(join(dir, 'gh'), 0o755);
  execFileSync('bash', ['-e', '-c', script], { env: { PATH: `${dir}:${process.env.PATH}` } });
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('mlops setup', () => {
  beforeEach(() => {
    cfn.calls.length = 0;
    cfn.on('DescribeStacks', (params) => {
      if (params.StackName !== 'ml-infra')
        throw Object.assign(new Error(`Stack with id ${params.StackName} does not exist`), {
          name: 'ValidationError',
        });
      return {
        Stacks: [
          {
            StackName: 'ml-infra',
            StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/ml-infra/1',
            StackStatus: 'CREATE_COMPLETE',
            CreationTime: new Date('2026-11-30T10:00:00Z'),
            Outputs: OUTPUTS,
          },
        ],
      };
    });
  });

  it('prints gh commands that set every output as a variable, create both environments, and list what is left', async () => {
    const res = await setup('--stack-name', 'ml-infra');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(cfn.callsTo('DescribeStacks').map((c) => c.params.StackName)).toEqual(['ml-infra']);
    expect(res.stdout).toContain('gh variable set ML_BUCKET --body ml-infra-artifactbucket-1x2y3z\n');
    expect(res.stdout).toContain(
      '# pr-check (pull_request runs).\ngh variable set PR_ROLE_ARN --body arn:aws:iam',
    );
    expect(res.stdout).toContain(`gh variable set ENDPOINT_NAME --body 'it'\\''s $HOME \`date\` "x"'\n`);
    // TRAINING_FRAMEWORK comes from the stack; TRAINING_IMAGE and ENDPOINT_ALARMS are left to choose.
    expect(res.stdout).not.toContain('# gh variable set TRAINING_FRAMEWORK');
    expect(res.stdout).toMatch(/# gh variable set TRAINING_IMAGE --body /);
    expect(res.stdout).toMatch(/# gh variable set ENDPOINT_ALARMS --body /);

    const calls = runWithFakeGh(res.stdout);
    expect(calls).toEqual([
      ['variable', 'set', 'CFN_SERVICE_ROLE_ARN', '--body', 'arn:aws:iam::123456789012:role/cfn-service'],
      ['variable', 'set', 'ENDPOINT_NAME', '--body', `it's $HOME \`date\` "x"`],
      ['variable', 'set', 'ML_BUCKET', '--body', 'ml-infra-artifactbucket-1x2y3z'],
      [
        'variable',
        'set',
        'PR_ROLE_ARN',
        '--body',
        'arn:aws:iam::123456789012:role/ml-infra-PullRequestRole-ABC',
      ],
      ['variable', 'set', 'TRAINING_FRAMEWORK', '--body', 'sklearn:1.2-1'],
      ['variable', 'set', 'AWS_REGION', '--body', 'eu-west-1'],
      ['api', 'users/REVIEWER_LOGIN', '--jq', '.id'],
      ...['infrastructure', 'production'].map((environment) => [
        'api',
        '--method',
        'PUT',
        `repos/{owner}/{repo}/environments/${environment}`,
        '-f',
        'reviewers[][type]=User',
        '-F',
        'reviewers[][id]=4242',
      ]),
    ]);
  });

  it('targets another repository with --repo and reads the region from --region', async () => {
    const res = await setup('--stack-name', 'ml-infra', '--region', 'us-east-2', '--repo', 'acme/shop');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('gh variable set AWS_REGION --body us-east-2 --repo acme/shop\n');
    expect(res.stdout).toContain('repos/acme/shop/environments/production');
  });

  it('says what to do when the stack is missing or a flag is wrong', async () => {
    const missing = await setup('--stack-name', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /error: Stack nope does not exist in eu-west-1\..*Deploy examples\/infrastructure/,
    );
    expect((await setup()).stderr).toMatch(/--stack-name is required/);
    expect((await setup('--stack-name', 'ml-infra', '--repo', 'x')).stderr).toMatch(
      /--repo: "x" is not OWNER\/REPO/,
    );
    expect((await setup('--stack', 'ml-infra')).stderr).toMatch(/Unknown flag --stack/);
  });
});
