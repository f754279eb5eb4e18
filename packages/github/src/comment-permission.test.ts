import { describe, expect, it } from 'vitest';
import type { GitHubClient } from './client.js';
import { upsertStickyCommentOrWarn } from './comments.js';

/** A client whose comment requests fail with `status` (after the lookups a sticky comment makes succeed). */
function refusingClient(status: number): GitHubClient {
  const refuse = () => Promise.reject(Object.assign(new Error(`HTTP ${status}`), { status }));
  return {
    request: (route: string) =>
      route === 'GET /user' ? Promise.resolve({ data: { login: 'bot' } }) : refuse(),
    paginate: () => Promise.resolve([]),
  } as unknown as GitHubClient;
}

describe('upsertStickyCommentOrWarn', () => {
  const target = { owner: 'o', repo: 'r', issueNumber: 7, header: 'h', action: 'drift-report' };

  for (const status of [403, 404])
    it(`warns, naming the pull request and the permission, when GitHub answers ${status}`, async () => {
      const warnings: string[] = [];
      const result = await upsertStickyCommentOrWarn(refusingClient(status), target, 'body', (m) =>
        warnings.push(m),
      );
      expect(result).toBeUndefined();
      expect(warnings).toEqual([
        `Could not comment on pull request #7 (${status}): the token lacks \`pull-requests: write\` (pull requests from forks get a read-only token). Grant it, or set comment-on-pr: false; the report is in the job summary.`,
      ]);
    });

  it('lets any other failure through (a server error is not a missing permission)', async () => {
    const warnings: string[] = [];
    await expect(
      upsertStickyCommentOrWarn(refusingClient(500), target, 'body', (m) => warnings.push(m)),
    ).rejects.toThrow('HTTP 500');
    expect(warnings).toEqual([]);
  });

  it('returns the comment when it could post', async () => {
    const client = {
      request: (route: string) =>
        Promise.resolve({ data: route === 'GET /user' ? { login: 'bot' } : { id: 5, html_url: 'u' } }),
      paginate: () => Promise.resolve([]),
    } as unknown as GitHubClient;
    expect(await upsertStickyCommentOrWarn(client, target, 'body', () => {})).toEqual({
      id: 5,
      url: 'u',
      action: 'created',
    });
  });
});
