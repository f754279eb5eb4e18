import { getOctokit } from '@actions/github';

/** The Octokit client the actions use. */
export type GitHubClient = ReturnType<typeof getOctokit>;

/** Build a client for `apiUrl` (GITHUB_API_URL), so GitHub Enterprise and the test harness work. */
export function createGitHubClient(token: string, apiUrl: string, userAgent = 'mlops-actions'): GitHubClient {
  return getOctokit(token, { baseUrl: apiUrl, userAgent });
}
