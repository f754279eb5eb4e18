import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildProbe } from './build-probe.js';
import { ACTIONS_BOT, FakeGitHub } from './github-api.js';
import { runAction, runStep } from './runner.js';
import { LocalS3 } from './s3.js';

// Proves the harness itself: a bundled action run the way the runner runs it, with every channel observable.
describe('runner harness (probe action)', () => {
  let probeDir: string;
  const github = new FakeGitHub();
  const s3 = new LocalS3();

  beforeAll(async () => {
    [probeDir] = await Promise.all([buildProbe(), github.start(), s3.start(['harness-bucket'])]);
  });
  afterAll(async () => {
    await Promise.all([github.stop(), s3.stop()]);
  });
  beforeEach(() => {
    github.calls.length = 0;
    github.comments.length = 0;
  });

  it('reads inputs from INPUT_* with action.yml defaults and writes outputs, including multiline ones', async () => {
    const { main } = await runAction(probeDir, { apiUrl: github.url, inputs: { greeting: 'hi there' } });
    expect(main.exitCode).toBe(0);
    expect(main.outputs).toEqual({
      greeting: 'hi there',
      multiline: 'line one\nline two',
      'comment-action': 'none',
    });
    expect(main.summary).toContain('## Probe');
    expect(main.summary).toContain('hi there');
  });

  it('creates a sticky comment on a pull_request event and updates it on a re-run instead of duplicating it', async () => {
    const foreign = github.seedComment(7, '<!-- mlops-actions:probe:probe -->\nquoted by a human', {
      login: 'someone',
      id: 1,
      type: 'User',
    });
    const first = await runStep(probeDir, {
      event: 'pull_request',
      apiUrl: github.url,
      inputs: { greeting: 'v1' },
    });
    expect(first.exitCode).toBe(0);
    expect(first.outputs['comment-action']).toBe('created');
    const second = await runStep(probeDir, {
      event: 'pull_request',
      apiUrl: github.url,
      inputs: { greeting: 'v2' },
      runAttempt: 2,
    });
    expect(second.outputs['comment-action']).toBe('updated');

    const ours = github.commentsOn(7).filter((c) => c.user.login === ACTIONS_BOT.login);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('**v2**');
    expect(github.comments.find((c) => c.id === foreign.id)!.body).toContain('quoted by a human');
    expect(github.callsTo('POST', '/repos/octo-org/ml-repo/issues/7/comments')).toHaveLength(1);
    expect(github.callsTo('PATCH', /\/issues\/comments\/\d+$/)).toHaveLength(1);
    // The job token authenticates every call, and GET /user is forbidden for it as on GitHub.
    expect(github.calls.every((c) => c.headers.authorization === `token ${github.token}`)).toBe(true);
    expect(github.callsTo('GET', '/user')[0]!.status).toBe(403);
  });

  it('finds its comment beyond the first page of comments', async () => {
    for (let i = 0; i < 130; i++)
      github.seedComment(7, `chatter ${i}`, { login: 'someone', id: 1, type: 'User' });
    await runStep(probeDir, { event: 'pull_request', apiUrl: github.url, inputs: { greeting: 'a' } });
    for (let i = 0; i < 100; i++)
      github.seedComment(7, `more ${i}`, { login: 'someone', id: 1, type: 'User' });
    const again = await runStep(probeDir, {
      event: 'pull_request',
      apiUrl: github.url,
      inputs: { greeting: 'b' },
    });
    expect(again.outputs['comment-action']).toBe('updated');
    expect(github.commentsOn(7).filter((c) => c.user.login === ACTIONS_BOT.login)).toHaveLength(1);
  });

  it('writes only the summary on events without a pull request', async () => {
    const res = await runStep(probeDir, { event: 'schedule', apiUrl: github.url });
    expect(res.exitCode).toBe(0);
    expect(res.summary).toContain('## Probe');
    expect(github.writes()).toHaveLength(0);
  });

  it('passes state saved by the main step to the post step as STATE_*', async () => {
    const { main, post } = await runAction(probeDir, { inputs: { greeting: 'kept' } });
    expect(main.state).toEqual({ isPost: 'true', greeting: 'kept' });
    expect(post!.exitCode).toBe(0);
    expect(post!.log).toContain('post saw greeting=kept');
  });

  it('fails with one ::error:: line and no stack trace on a user error', async () => {
    const res = await runStep(probeDir, { inputs: { fail: 'true' } });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toEqual(['The probe was asked to fail. Set fail: false.']);
    expect(res.stdout + res.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the input and quotes the value when an input is malformed', async () => {
    const res = await runStep(probeDir, { inputs: { fail: 'maybe' } });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toEqual(['Input "fail" must be true or false, got "maybe".']);
  });

  it('masks the token and neutralizes workflow commands that come from data', async () => {
    const res = await runStep(probeDir, { inputs: { 'log-line': '::set-env name=EVIL::1\n::add-mask::x' } });
    expect(res.exitCode).toBe(0);
    expect(res.masks).toContain(github.token);
    expect(res.commands.map((c) => c.command)).not.toContain('set-env');
    expect(res.masks).not.toContain('x');
    expect(res.log).toContain('::set-env name=EVIL::1');
    expect(res.stdout).not.toContain('harness-secret-key');
  });

  it('sends S3 calls to AWS_ENDPOINT_URL_S3 (a real S3-protocol server on loopback)', async () => {
    const res = await runStep(probeDir, {
      env: s3.env(),
      inputs: { 's3-uri': 's3://harness-bucket/probe/hello.txt', greeting: 'from the bundle' },
    });
    expect(res.exitCode, res.stdout).toBe(0);
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const object = await client.send(
      new GetObjectCommand({ Bucket: 'harness-bucket', Key: 'probe/hello.txt' }),
    );
    expect(await object.Body!.transformToString()).toBe('from the bundle');
  });
});
