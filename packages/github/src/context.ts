import { readFileSync } from 'node:fs';
import type { RunScope } from '@mlops-actions/aws';

/** What the runner tells a step about the workflow run, read from the standard `GITHUB_*` variables. */
export interface RunContext {
  /** `owner/repo`, or undefined outside GitHub. */
  repository: { owner: string; repo: string } | undefined;
  runId: string;
  runAttempt: number;
  runNumber: string;
  sha: string;
  ref: string;
  eventName: string;
  /** The event payload from `GITHUB_EVENT_PATH` ({} when absent). */
  // biome-ignore lint/suspicious/noExplicitAny: webhook payloads are untyped JSON
  payload: Record<string, any>;
  actor: string;
  workflow: string;
  job: string;
  serverUrl: string;
  apiUrl: string;
  /** The pull request number for pull_request / pull_request_target / issue_comment on a PR. */
  pullRequestNumber: number | undefined;
  /** Link to this run in the GitHub UI, when known. */
  runUrl: string | undefined;
}

/** Build the run context from environment variables (the runner's contract). */
export function runContextFromEnv(env: NodeJS.ProcessEnv = process.env): RunContext {
  // biome-ignore lint/suspicious/noExplicitAny: webhook payloads are untyped JSON
  let payload: Record<string, any> = {};
  const eventPath = env.GITHUB_EVENT_PATH;
  if (eventPath) {
    try {
      payload = JSON.parse(readFileSync(eventPath, 'utf8'));
    } catch {
      payload = {};
    }
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const repository = owner && repo ? { owner, repo } : undefined;
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, '');
  const runId = env.GITHUB_RUN_ID ?? '';
  const pr =
    payload.pull_request?.number ?? (payload.issue?.pull_request ? payload.issue?.number : undefined);
  return {
    repository,
    runId,
    runAttempt: Number.parseInt(env.GITHUB_RUN_ATTEMPT ?? '1', 10) || 1,
    runNumber: env.GITHUB_RUN_NUMBER ?? '',
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload,
    actor: env.GITHUB_ACTOR ?? '',
    workflow: env.GITHUB_WORKFLOW ?? '',
    job: env.GITHUB_JOB ?? '',
    serverUrl,
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    pullRequestNumber: typeof pr === 'number' ? pr : undefined,
    runUrl:
      repository && runId
        ? `${serverUrl}/${repository.owner}/${repository.repo}/actions/runs/${runId}`
        : undefined,
  };
}

/**
 * What makes a SageMaker job name unique to this step of this run attempt (aws `runScopedName`); `repository` names
 * the job outside GitHub, where there is no repository.
 */
export function stepRunScope(context: RunContext, env: NodeJS.ProcessEnv, repository: string): RunScope {
  return {
    repository: context.repository ? context.repository.repo : repository,
    runId: context.runId,
    runAttempt: context.runAttempt,
    job: context.job,
    step: env.GITHUB_ACTION ?? '',
  };
}
