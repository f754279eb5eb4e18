import type { GitHubClient } from './client.js';
import { fitCommentBody, stickyMarker, tokenLogin } from './comments.js';

export interface TrackingIssueTarget {
  owner: string;
  repo: string;
  /** Action id and header: the hidden marker that identifies our issue among others with the label. */
  action: string;
  header: string;
  label: string;
  title: string;
  /** Hidden marker of this run: a re-run of the same attempt finds it and does not comment twice. */
  runMarker?: string;
}

/**
 * One tracking issue per label: comment on the open issue this token opened before (found by label, author and
 * marker), or open it. Never a second open issue for the same label and header.
 */
export async function upsertTrackingIssue(
  github: GitHubClient,
  target: TrackingIssueTarget,
  body: string,
): Promise<{ number: number; url: string; action: 'opened' | 'commented' | 'unchanged' }> {
  const marker = stickyMarker(target.action, target.header);
  const login = await tokenLogin(github);
  const issues = await github.paginate('GET /repos/{owner}/{repo}/issues', {
    owner: target.owner,
    repo: target.repo,
    labels: target.label,
    state: 'open',
    per_page: 100,
  });
  const existing = issues.find(
    (i: { body?: string | null; user?: { login?: string } | null; pull_request?: unknown }) =>
      !i.pull_request && i.user?.login === login && typeof i.body === 'string' && i.body.startsWith(marker),
  );
  const runMarker = target.runMarker ? `\n${target.runMarker}` : '';
  if (existing) {
    if (target.runMarker) {
      if (existing.body?.includes(target.runMarker))
        return { number: existing.number, url: existing.html_url, action: 'unchanged' };
      const comments = await github.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner: target.owner,
        repo: target.repo,
        issue_number: existing.number,
        per_page: 100,
      });
      const done = comments.find(
        (c: { body?: string | null; user?: { login?: string } | null }) =>
          c.user?.login === login && c.body?.includes(target.runMarker!),
      );
      if (done) return { number: existing.number, url: done.html_url, action: 'unchanged' };
    }
    const { data } = await github.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: target.owner,
      repo: target.repo,
      issue_number: existing.number,
      body: fitCommentBody(`${body}${runMarker}`),
    });
    return { number: existing.number, url: data.html_url, action: 'commented' };
  }
  const { data } = await github.request('POST /repos/{owner}/{repo}/issues', {
    owner: target.owner,
    repo: target.repo,
    title: target.title,
    body: fitCommentBody(`${marker}\n${body}${runMarker}`),
    labels: [target.label],
  });
  return { number: data.number, url: data.html_url, action: 'opened' };
}

/** Start a workflow through workflow_dispatch; `ref` defaults to the repository's default branch. */
export async function dispatchWorkflow(
  github: GitHubClient,
  target: { owner: string; repo: string; workflow: string; ref?: string; inputs?: Record<string, string> },
): Promise<{ ref: string }> {
  let ref = target.ref;
  if (!ref) {
    const { data } = await github.request('GET /repos/{owner}/{repo}', {
      owner: target.owner,
      repo: target.repo,
    });
    ref = data.default_branch as string;
  }
  await github.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
    owner: target.owner,
    repo: target.repo,
    workflow_id: target.workflow,
    ref,
    inputs: target.inputs ?? {},
  });
  return { ref };
}
