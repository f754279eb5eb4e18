import type { GitHubClient } from './client.js';

/** GitHub rejects comment bodies longer than this many characters. */
const MAX_COMMENT_LENGTH = 65_536;

export interface StickyCommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  /** Distinguishes independent sticky comments of the same action (e.g. one per stack). */
  header: string;
  /** The action that owns the comment, part of the hidden marker. */
  action: string;
}

/** The hidden HTML marker identifying one sticky comment. Header text cannot close the comment. */
export function stickyMarker(action: string, header: string): string {
  const clean = (s: string) => s.replace(/--+/g, '-').replace(/[<>]/g, '').replace(/\s+/g, ' ').trim();
  return `<!-- mlops-actions:${clean(action)}:${clean(header) || 'default'} -->`;
}

/**
 * A comment or issue body that fits GitHub's limit: the hidden markers first (`head`, never cut, so a re-run finds
 * the comment however long the report was), then the report, trimmed at a line break with a note when too long.
 */
export function fitCommentBody(head: string, body: string, limit = MAX_COMMENT_LENGTH): string {
  const start = head ? `${head}\n` : '';
  if (start.length + body.length <= limit) return start + body;
  const note =
    '\n\n_…report truncated to fit GitHub’s comment size limit; the job summary and the result JSON have everything._\n';
  let cut = body.slice(0, Math.max(0, limit - start.length - note.length));
  // Never leave a half-open HTML comment or table row behind.
  const lastNewline = cut.lastIndexOf('\n');
  cut = lastNewline >= 0 ? cut.slice(0, lastNewline) : '';
  return start + cut + note;
}

/** Login of the account behind the token: a user for PATs, `github-actions[bot]` for the job token. */
export async function tokenLogin(github: GitHubClient): Promise<string> {
  try {
    const { data } = await github.request('GET /user');
    if (data && typeof data.login === 'string') return data.login;
  } catch (error) {
    const status = (error as { status?: number }).status;
    // Installation tokens (GITHUB_TOKEN) cannot read /user: GitHub answers 403.
    if (status !== 403 && status !== 404 && status !== 401) throw error;
  }
  return 'github-actions[bot]';
}

/**
 * Create or update one comment identified by a hidden marker and by the token's own author, searching every page
 * of comments, so re-runs update in place and comments by others that quote the marker are never touched.
 */
export async function upsertStickyComment(
  github: GitHubClient,
  target: StickyCommentTarget,
  body: string,
): Promise<{ id: number; url: string; action: 'created' | 'updated' | 'unchanged' }> {
  const marker = stickyMarker(target.action, target.header);
  const full = fitCommentBody(marker, body);
  const login = await tokenLogin(github);
  const comments = await github.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  const existing = comments.find(
    (c: { body?: string | null; user?: { login?: string } | null }) =>
      c.user?.login === login && typeof c.body === 'string' && c.body.startsWith(marker),
  );
  if (existing) {
    if (existing.body === full)
      return { id: Number(existing.id), url: existing.html_url, action: 'unchanged' };
    const { data } = await github.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      owner: target.owner,
      repo: target.repo,
      comment_id: existing.id,
      body: full,
    });
    return { id: Number(data.id), url: data.html_url, action: 'updated' };
  }
  const { data } = await github.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body: full,
  });
  return { id: Number(data.id), url: data.html_url, action: 'created' };
}

/**
 * Upsert a sticky comment on a pull request, or warn and return undefined when the token may not comment: GitHub
 * answers 403 without `pull-requests: write` and 404 for a fork's read-only token. Commenting is a courtesy, so a
 * missing permission must not fail the step; every other error still does.
 */
export async function upsertStickyCommentOrWarn(
  github: GitHubClient,
  target: StickyCommentTarget,
  body: string,
  warn: (message: string) => void,
): Promise<Awaited<ReturnType<typeof upsertStickyComment>> | undefined> {
  try {
    return await upsertStickyComment(github, target, body);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== 403 && status !== 404) throw error;
    warn(
      `Could not comment on pull request #${target.issueNumber} (${status}): the token lacks \`pull-requests: write\` (pull requests from forks get a read-only token). Grant it, or set comment-on-pr: false; the report is in the job summary.`,
    );
    return undefined;
  }
}
