import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

const cfn = mockClient(CloudFormationClient);

describe('a wait on AWS through the mlops command on a terminal', () => {
  it('updates one stderr line with the heartbeat and ends it before the error', async () => {
    const template = join(mkdtempSync(join(tmpdir(), 'cli-wait-')), 'stack.yaml');
    writeFileSync(template, 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n');
    // Another deployment holds the stack for longer than the timeout.
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'ml-infra',
          StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/ml-infra/1',
          StackStatus: 'UPDATE_IN_PROGRESS',
          CreationTime: new Date('2026-11-01T00:00:00Z'),
        },
      ],
    });
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    const out: string[] = [];
    const err: string[] = [];
    let t = Date.parse('2026-11-24T12:00:00Z');
    const code = await runCli(
      [
        'deploy-stack',
        ...['--stack-name', 'ml-infra', '--template', template, '--mode', 'apply'],
        ...['--poll-interval', '30s', '--timeout', '2m'],
      ],
      {
        stdout: (text) => void out.push(text),
        stderr: (text) => void err.push(text),
        env: { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' },
        stderrIsTTY: true,
        clock: {
          now: () => new Date(t),
          sleep: async (ms) => {
            t += ms;
          },
        },
      },
    );
    const stderr = err.join('');
    expect(code).toBe(1);
    expect(stderr).toContain(
      '\r\x1b[KWaiting for another operation on stack ml-infra (UPDATE_IN_PROGRESS), 10s elapsed\r\x1b[K',
    );
    // The last heartbeat stays open on its line until the command ends it: the error starts a line of its own.
    expect(stderr).toMatch(/, 1m50s elapsed\nerror: Stack ml-infra is locked/);
    expect(out.join('')).toBe('');
  });
});
