import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitHubClient, upsertStickyComment, upsertTrackingIssue } from '@mlops-actions/github';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS_BOT, BAD_GATEWAY, FakeGitHub, SECONDARY_RATE_LIMIT } from './harness/github-api.js';
import { repoRoot, runStep } from './harness/runner.js';

// The packages/github client and its comment and issue operations against the local GitHub API stand-in.
describe('GitHub API client (against the stand-in)', () => {
  const github = new FakeGitHub();
  const repo = { owner: 'octo-org', repo: 'ml-repo' };
  const client = () => createGitHubClient(github.token, github.url);
  beforeAll(() => github.start());
  afterAll(() => github.stop());
  beforeEach(() => {
    github.calls.length = 0;
    github.comments.length = 0;
    github.issues.length = 0;
  });

  describe('run marker first, never cut by truncation', () => {
    const target = {
      ...repo,
      action: 'drift-report',
      header: 'drift',
      label: 'model-drift',
      title: 'Model drift',
      runMarker: '<!-- mlops-actions:run:7000000001 -->',
    };
    const huge = `# Drift\n${'| feature | p |\n'.repeat(6000)}`; // ~96,000 characters

    it('opens the issue with both markers first and the report truncated; a re-run changes nothing', async () => {
      const first = await upsertTrackingIssue(client(), target, huge);
      expect(first.action).toBe('opened');
      const body = github.issues[0]!.body;
      expect(body.length).toBeLessThanOrEqual(65_536);
      expect(body.startsWith(`<!-- mlops-actions:drift-report:drift -->\n${target.runMarker}\n# Drift`)).toBe(
        true,
      );
      expect(body).toContain('report truncated');
      const again = await upsertTrackingIssue(client(), target, huge);
      expect(again.action).toBe('unchanged');
      expect(github.issues).toHaveLength(1);
      expect(github.comments).toHaveLength(0);
    });

    it('comments on the open issue with the run marker first; a re-run after truncation finds that comment', async () => {
      github.seedIssue({
        title: 'Model drift',
        body: '<!-- mlops-actions:drift-report:drift -->\nearlier run',
        labels: [{ name: 'model-drift' }],
      });
      const first = await upsertTrackingIssue(client(), target, huge);
      expect(first.action).toBe('commented');
      const comment = github.commentsOn(1)[0]!;
      expect(comment.body.length).toBeLessThanOrEqual(65_536);
      expect(comment.body.startsWith(`${target.runMarker}\n# Drift`)).toBe(true);
      const again = await upsertTrackingIssue(client(), target, huge);
      expect(again.action).toBe('unchanged');
      expect(github.commentsOn(1)).toHaveLength(1);
    });

    it('keeps the sticky marker first and updates in place when the body is cut', async () => {
      const sticky = { ...repo, issueNumber: 7, header: 'evaluation', action: 'evaluate-challenger' };
      expect((await upsertStickyComment(client(), sticky, huge)).action).toBe('created');
      expect((await upsertStickyComment(client(), sticky, `${huge}more`)).action).toBe('unchanged');
      expect((await upsertStickyComment(client(), sticky, 'short now')).action).toBe('updated');
      const ours = github.commentsOn(7).filter((c) => c.user.login === ACTIONS_BOT.login);
      expect(ours).toHaveLength(1);
      expect(ours[0]!.body).toBe('<!-- mlops-actions:evaluate-challenger:evaluation -->\nshort now');
    });
  });

  describe('retries and throttling', () => {
    const sticky = { ...repo, issueNumber: 7, header: 'h', action: 'probe' };
    const posts = () => github.callsTo('POST', '/repos/octo-org/ml-repo/issues/7/comments');

    it('retries a 502 and posts exactly one comment', async () => {
      github.script('POST', /\/issues\/7\/comments$/, BAD_GATEWAY);
      expect((await upsertStickyComment(client(), sticky, 'body')).action).toBe('created');
      expect(posts().map((c) => c.status)).toEqual([502, 201]);
      expect(github.commentsOn(7)).toHaveLength(1);
    });

    it('waits out a secondary rate limit (403 with retry-after) and posts exactly one comment', async () => {
      github.script('POST', /\/issues\/7\/comments$/, SECONDARY_RATE_LIMIT);
      const started = Date.now();
      expect((await upsertStickyComment(client(), sticky, 'body')).action).toBe('created');
      expect(Date.now() - started).toBeGreaterThanOrEqual(900); // retry-after: 1
      expect(posts().map((c) => c.status)).toEqual([403, 201]);
      expect(github.commentsOn(7)).toHaveLength(1);
    });

    it('retries a 429 and a 5xx on reads too, and gives up on a 404 at once', async () => {
      github.script(
        'GET',
        /\/issues\/7\/comments$/,
        { status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too many requests' } },
        { status: 503, body: { message: 'Unavailable' } },
      );
      expect((await upsertStickyComment(client(), sticky, 'body')).action).toBe('created');
      expect(github.callsTo('GET', '/repos/octo-org/ml-repo/issues/7/comments').map((c) => c.status)).toEqual(
        [429, 503, 200],
      );
      github.calls.length = 0;
      await expect(
        client().request('GET /repos/{owner}/{repo}/issues/{n}', { ...repo, n: 99 }),
      ).rejects.toThrow('Not Found');
      expect(github.calls).toHaveLength(1);
    });
  });

  it('a bundled action rides out a 502 and a secondary rate limit with one comment on the pull request', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'evaluate-retry-'));
    for (const f of ['champion.csv', 'challenger.csv'])
      copyFileSync(join(repoRoot, 'examples/data/evaluate', f), join(workspace, f));
    github.script('POST', /\/issues\/7\/comments$/, BAD_GATEWAY, SECONDARY_RATE_LIMIT);
    const res = await runStep('evaluate-challenger', {
      event: 'pull_request',
      apiUrl: github.url,
      workspace,
      inputs: { champion: 'champion.csv', challenger: 'challenger.csv', bootstrap: 0 },
    });
    expect(res.errors).toEqual([]);
    expect(res.outputs['comment-url']).toMatch(/#issuecomment-\d+$/);
    expect(github.callsTo('POST', '/repos/octo-org/ml-repo/issues/7/comments').map((c) => c.status)).toEqual([
      502, 403, 201,
    ]);
    expect(github.commentsOn(7)).toHaveLength(1);
  });
});
