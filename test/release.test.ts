import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './harness/runner.js';

// The steps of .github/workflows/release.yml (scripts/release.mjs) against a temporary repository with a bare
// "origin", and GitHub's releases API played by a local HTTP server.
const script = join(repoRoot, 'scripts/release.mjs');
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

// Asynchronous, so the local HTTP server in this process can answer the script's requests.
async function release(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [script, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...gitEnv, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const CHANGELOG = `# Changelog

Intro.

## 1.3.0

### Minor Changes

- drift-report: a new input.

## 1.2.0

### Major Changes

- First release.
`;

describe('release steps on a local repository', () => {
  const base = mkdtempSync(join(tmpdir(), 'release-'));
  const origin = join(base, 'origin.git');
  const work = join(base, 'work');
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: work, encoding: 'utf8', env: gitEnv }).trim();
  const remoteTag = (name: string) =>
    execFileSync('git', ['ls-remote', origin, `refs/tags/${name}`], { encoding: 'utf8' }).split('\t')[0];
  const commitAt = (version: string, message: string) => {
    writeFileSync(
      join(work, 'packages/cli/package.json'),
      JSON.stringify({ name: 'mlops-actions', version }),
    );
    git('commit', '-qam', message);
    return git('rev-parse', 'HEAD');
  };

  beforeAll(() => {
    execFileSync('git', ['init', '-q', '--bare', origin]);
    execFileSync('git', ['init', '-q', '-b', 'main', work]);
    mkdirSync(join(work, 'packages/cli'), { recursive: true });
    writeFileSync(join(work, 'CHANGELOG.md'), CHANGELOG);
    writeFileSync(
      join(work, 'packages/cli/package.json'),
      JSON.stringify({ name: 'mlops-actions', version: '1.2.0' }),
    );
    git('add', '.');
    git('commit', '-qm', 'first');
    git('remote', 'add', 'origin', origin);
    git('push', '-q', 'origin', 'main');
  });

  it('checks that the tag is a version tag equal to packages/cli/package.json', async () => {
    expect(await release(work, ['check-tag', 'v1.2.0'])).toMatchObject({ code: 0 });
    const wrong = await release(work, ['check-tag', 'v1.3.0']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      'error: Tag v1.3.0 does not match the version in packages/cli/package.json (1.2.0). Run `pnpm version-packages`',
    );
    expect((await release(work, ['check-tag', 'latest'])).stderr).toContain('is not a release tag');
  });

  it('takes the release notes from the CHANGELOG section of the version', async () => {
    expect((await release(work, ['notes', 'v1.2.0'])).stdout).toBe('### Major Changes\n\n- First release.\n');
    expect((await release(work, ['notes', 'v1.3.0'])).stdout).toBe(
      '### Minor Changes\n\n- drift-report: a new input.\n',
    );
    expect((await release(work, ['notes', 'v9.0.0'])).stderr).toContain(
      'CHANGELOG.md has no "## 9.0.0" section',
    );
  });

  describe('the GitHub release', () => {
    const requests: { method: string; url: string; auth: string; body: unknown }[] = [];
    const releases = new Map<string, { id: number; body: unknown }>();
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let data = '';
      req.on('data', (c) => {
        data += c;
      });
      req.on('end', () => {
        const body = data ? JSON.parse(data) : undefined;
        requests.push({ method: req.method!, url: req.url!, auth: req.headers.authorization ?? '', body });
        const reply = (status: number, json: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        const byTag = /^\/repos\/o\/r\/releases\/tags\/(.+)$/.exec(req.url!);
        if (req.method === 'GET' && byTag) {
          const found = releases.get(decodeURIComponent(byTag[1]!));
          return found ? reply(200, found) : reply(404, { message: 'Not Found' });
        }
        if (req.method === 'POST' && req.url === '/repos/o/r/releases') {
          const created = {
            id: releases.size + 1,
            body,
            html_url: `https://github.test/o/r/releases/${releases.size + 1}`,
          };
          releases.set((body as { tag_name: string }).tag_name, created);
          return reply(201, created);
        }
        if (req.method === 'PATCH')
          return reply(200, { id: 1, html_url: 'https://github.test/o/r/releases/1' });
        reply(500, { message: 'unexpected' });
      });
    });
    let env: NodeJS.ProcessEnv = {};
    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      env = {
        GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_TOKEN: 'secret-token',
      };
    });
    afterAll(() => server.close());

    it('is created with the CHANGELOG section as notes, and updated (not duplicated) on a re-run', async () => {
      const first = await release(work, ['github-release', 'v1.2.0'], env);
      expect(first.stderr).toBe('');
      expect(first.stdout).toContain('Created the release v1.2.0: https://github.test/o/r/releases/1');
      const post = requests.find((r) => r.method === 'POST')!;
      expect(post).toEqual({
        method: 'POST',
        url: '/repos/o/r/releases',
        auth: 'Bearer secret-token',
        body: {
          tag_name: 'v1.2.0',
          name: 'v1.2.0',
          body: '### Major Changes\n\n- First release.',
          draft: false,
          prerelease: false,
          make_latest: 'legacy',
        },
      });
      expect((await release(work, ['github-release', 'v1.2.0'], env)).stdout).toContain(
        'Updated the release v1.2.0',
      );
      expect(requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'PATCH']);
    });

    it('in dry-run mode prints the exact request without the token and sends nothing', async () => {
      const count = requests.length;
      const dry = await release(work, ['github-release', 'v1.2.0', '--dry-run'], env);
      expect(JSON.parse(dry.stdout)).toMatchObject({
        method: 'POST',
        url: `${env.GITHUB_API_URL}/repos/o/r/releases`,
        headers: { authorization: 'Bearer ***' },
        body: { tag_name: 'v1.2.0', body: '### Major Changes\n\n- First release.' },
      });
      expect(dry.stdout).not.toContain('secret-token');
      expect(requests).toHaveLength(count);
    });
  });

  it('moves the major tag to the newest release only, never to a pre-release', async () => {
    const first = git('rev-parse', 'HEAD');
    git('tag', 'v1.2.0');
    git('push', '-q', 'origin', 'v1.2.0');
    expect((await release(work, ['move-major', 'v1.2.0'])).stdout).toContain(
      `v1 → ${first} (v1.2.0), pushed to origin`,
    );
    expect(remoteTag('v1')).toBe(first);

    const second = commitAt('1.3.0', 'minor');
    git('tag', 'v1.3.0');
    git('push', '-q', 'origin', 'v1.3.0');
    expect((await release(work, ['move-major', 'v1.3.0'])).code).toBe(0);
    expect(remoteTag('v1')).toBe(second);

    // A patch of the older line, released after 1.3.0, leaves v1 on 1.3.0.
    git('checkout', '-q', '-b', 'release-1.2', first);
    commitAt('1.2.1', 'patch');
    git('tag', 'v1.2.1');
    git('push', '-q', 'origin', 'v1.2.1');
    expect((await release(work, ['move-major', 'v1.2.1'])).stdout).toContain(
      'v1.3.0 is newer than v1.2.1: v1 stays on it.',
    );
    expect(remoteTag('v1')).toBe(second);

    git('checkout', '-q', 'main');
    commitAt('1.4.0-rc.1', 'rc');
    git('tag', 'v1.4.0-rc.1');
    git('push', '-q', 'origin', 'v1.4.0-rc.1');
    expect((await release(work, ['move-major', 'v1.4.0-rc.1'])).stdout).toContain(
      'is a pre-release: v1 stays',
    );
    expect(remoteTag('v1')).toBe(second);
  });
});

describe('version: changesets bump the version and the root CHANGELOG gets the section', () => {
  it('turns a pending changeset into packages/cli 1.3.0 and a "## 1.3.0" section above 1.2.0', async () => {
    const work = mkdtempSync(join(tmpdir(), 'release-version-'));
    mkdirSync(join(work, 'packages/cli'), { recursive: true });
    mkdirSync(join(work, '.changeset'));
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'ws', private: true }));
    writeFileSync(join(work, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
    writeFileSync(
      join(work, 'packages/cli/package.json'),
      JSON.stringify({ name: 'mlops-actions', version: '1.2.0' }),
    );
    writeFileSync(
      join(work, '.changeset/config.json'),
      readFileSync(join(repoRoot, '.changeset/config.json')),
    );
    writeFileSync(
      join(work, '.changeset/new-input.md'),
      "---\n'mlops-actions': minor\n---\n\ndrift-report: a new input.\n",
    );
    writeFileSync(join(work, 'CHANGELOG.md'), '# Changelog\n\nIntro.\n\n## 1.2.0\n\n- First release.\n');
    execFileSync('git', ['init', '-q', '-b', 'main', work]);
    const run = await release(work, ['version']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(work, 'packages/cli/package.json'), 'utf8')).version).toBe('1.3.0');
    expect(readFileSync(join(work, 'CHANGELOG.md'), 'utf8')).toBe(
      '# Changelog\n\nIntro.\n\n## 1.3.0\n\n### Minor Changes\n\n- drift-report: a new input.\n\n## 1.2.0\n\n- First release.\n',
    );
    expect(() => readFileSync(join(work, 'packages/cli/CHANGELOG.md'))).toThrow(/ENOENT/);
    expect((await release(work, ['notes', 'v1.3.0'])).stdout).toContain('drift-report: a new input.');
  });
});

describe('.github/workflows/release.yml', () => {
  const workflow = parse(readFileSync(join(repoRoot, '.github/workflows/release.yml'), 'utf8'));

  it('runs on version tags with read-only defaults; only the publishing job may write contents', async () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*.*.*'] } });
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const writers = Object.entries(workflow.jobs as Record<string, { permissions: Record<string, string> }>)
      .filter(([, job]) => job.permissions?.contents === 'write')
      .map(([name]) => name);
    expect(writers).toEqual(['release']);
  });

  it('runs the script steps this test exercises, after check-dist', async () => {
    const text = JSON.stringify(workflow.jobs);
    for (const step of [
      'pnpm check-dist',
      'release.mjs check-tag',
      'release.mjs github-release',
      'release.mjs move-major',
    ])
      expect(text).toContain(step);
    expect(workflow.jobs.release.needs).toContain('check');
  });

  it('publishes the CLI to npm only when opted in, after the release, with read-only contents', () => {
    const npm = workflow.jobs.npm;
    expect(npm.needs).toBe('release');
    expect(npm.if).toBe("vars.NPM_PUBLISH == 'true'");
    expect(npm.permissions).toEqual({ contents: 'read' });
    expect(JSON.stringify(npm.steps)).toContain('pnpm -s pack:cli');
  });
});
