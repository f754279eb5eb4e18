import type { getOctokit } from '@actions/github';

type Octokit = ReturnType<typeof getOctokit>;

/** The GitHub API as the actions use it: an Octokit client's `request` and `paginate`. */
export type GitHubClient = Pick<Octokit, 'request' | 'paginate'>;

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
  // Octokit, its plugins and @actions/github's proxy-aware fetch (undici) are ~600 KB of module code: imported and
  // built on the first call, so a run that makes none (an input error, no pull request to comment on) never loads them.
  let client: Promise<Octokit> | undefined;
  const octokit = () => {
    client ??= buildOctokit(token, apiUrl, userAgent);
    return client;
  };
  // Both are overloaded generics; the arguments are passed through unchanged, so the signatures are Octokit's own.
  return {
    request: (async (...args: unknown[]) => {
      const github = await octokit();
      return Reflect.apply(github.request, github, args);
    }) as unknown as Octokit['request'],
    paginate: (async (...args: unknown[]) => {
      const github = await octokit();
      return Reflect.apply(github.paginate, github, args);
    }) as unknown as Octokit['paginate'],
  };
}

async function buildOctokit(token: string, apiUrl: string, userAgent: string): Promise<Octokit> {
  const [{ getOctokit }, { retry }, { throttling }] = await Promise.all([
    import('@actions/github'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
  ]);
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
