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
  /**
   * Hidden marker of this run, first in what the run posts (after the issue's own marker in a new issue), so a
   * re-run finds it even when the body was truncated, and does not comment twice.
   */
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
        // Bodies posted before the marker moved first carry it at the end: `includes` finds both.
        (c: { body?: string | null; user?: { login?: string } | null }) =>
          c.user?.login === login && c.body?.includes(target.runMarker!),
      );
      if (done) return { number: existing.number, url: done.html_url, action: 'unchanged' };
    }
    const { data } = await github.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: target.owner,
      repo: target.repo,
      issue_number: existing.number,
      body: fitCommentBody(target.runMarker ?? '', body),
    });
    return { number: existing.number, url: data.html_url, action: 'commented' };
  }
  const { data } = await github.request('POST /repos/{owner}/{repo}/issues', {
    owner: target.owner,
    repo: target.repo,
    title: target.title,
    body: fitCommentBody(target.runMarker ? `${marker}\n${target.runMarker}` : marker, body),
    labels: [target.label],
  });
  return { number: data.number, url: data.html_url, action: 'opened' };
}

export interface DispatchTarget {
  owner: string;
  repo: string;
  workflow: string;
  ref?: string;
  inputs?: Record<string, string>;
  /**
   * The workflow run doing the dispatch. When given, a workflow_dispatch run of the target workflow on the same ref
   * created since this run was first created (any attempt) counts as already started: a re-run does not start
   * a second one.
   */
  runId?: string;
}

export type DispatchResult =
  | { action: 'dispatched'; ref: string }
  | { action: 'already-started'; ref: string; url: string; createdAt: string }
  | { action: 'dispatched-unchecked'; ref: string; reason: string };

/**
 * Start a workflow through workflow_dispatch; `ref` defaults to the repository's default branch. The dispatch API
 * returns no run id, so a re-run is deduplicated by effect: when the target workflow already has a
 * workflow_dispatch run on that ref created at or after this workflow run's creation (`created_at` stays that of
 * the first attempt), nothing is dispatched. Listing runs needs `actions: read` (implied by `actions: write`); when
 * it is refused (403/404) the dispatch still happens and the result says it was unchecked.
 */
export async function dispatchWorkflow(
  github: GitHubClient,
  target: DispatchTarget,
): Promise<DispatchResult> {
  let ref = target.ref;
  if (!ref) {
    const { data } = await github.request('GET /repos/{owner}/{repo}', {
      owner: target.owner,
      repo: target.repo,
    });
    ref = data.default_branch as string;
  }
  let unchecked: string | undefined;
  if (target.runId) {
    try {
      const existing = await dispatchedSince(github, target, ref, target.runId);
      if (existing) return { action: 'already-started', ref, ...existing };
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status !== 403 && status !== 404) throw error;
      unchecked = `listing workflow runs was refused (${status}); grant \`actions: read\` so a re-run cannot dispatch twice`;
    }
  }
  await github.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
    owner: target.owner,
    repo: target.repo,
    workflow_id: target.workflow,
    ref,
    inputs: target.inputs ?? {},
  });
  return unchecked
    ? { action: 'dispatched-unchecked', ref, reason: unchecked }
    : { action: 'dispatched', ref };
}

/** The target's workflow_dispatch run on `ref` created since run `runId` was created, if any. */
async function dispatchedSince(
  github: GitHubClient,
  target: DispatchTarget,
  ref: string,
  runId: string,
): Promise<{ url: string; createdAt: string } | undefined> {
  const { data: run } = await github.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
    owner: target.owner,
    repo: target.repo,
    run_id: Number(runId),
  });
  const since = String(run.created_at);
  const branch = ref.replace(/^refs\/(heads|tags)\//, '');
  const { data } = await github.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
    owner: target.owner,
    repo: target.repo,
    workflow_id: target.workflow,
    event: 'workflow_dispatch',
    branch,
    created: `>=${since}`,
    per_page: 20,
  });
  const sinceMs = Date.parse(since);
  const found = (data.workflow_runs as { html_url: string; created_at: string }[]).find(
    (r) => Date.parse(r.created_at) >= sinceMs,
  );
  return found ? { url: found.html_url, createdAt: found.created_at } : undefined;
}
