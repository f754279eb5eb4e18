import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

/** The Octokit client the actions use. */
export type GitHubClient = ReturnType<typeof getOctokit>;

// Retries after a rate limit: a few, and only when GitHub asks to wait minutes rather than an hour, so a step never
// sits silently until its timeout.
const MAX_RATE_LIMIT_RETRIES = 3;
const MAX_RATE_LIMIT_WAIT_SECONDS = 300;

/**
 * Build a client for `apiUrl` (GITHUB_API_URL), so GitHub Enterprise and the test harness work. Every call goes
 * through @octokit/plugin-throttling (writes spaced out; primary and secondary rate limits, 403/429 with
 * retry-after, waited out and retried) and @octokit/plugin-retry (5xx and other transient failures retried with
 * growing waits; 4xx that a retry cannot fix are not retried), as the toolkit's consumers configure them.
 */
export function createGitHubClient(token: string, apiUrl: string, userAgent = 'mlops-actions'): GitHubClient {
  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
      const retrying = retryCount < MAX_RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
      console.warn(
        `GitHub ${kind} rate limit on ${options.method} ${options.url}: ${retrying ? `retrying in ${retryAfter} s` : 'giving up'}.`,
      );
      return retrying;
    };
  return getOctokit(
    token,
    {
      baseUrl: apiUrl,
      userAgent,
      throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
      retry: { retries: 3 },
    },
    retry,
    throttling,
  );
}
