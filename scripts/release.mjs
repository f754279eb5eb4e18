#!/usr/bin/env node
// The steps of a release, run by .github/workflows/release.yml on a `vX.Y.Z` tag and by a maintainer, always on the
// git repository in the current directory (so tests run them against a temporary repository):
//   version                    changeset version, then move the new CHANGELOG section to the root CHANGELOG.md
//   check-tag TAG              TAG is vX.Y.Z[-pre] and equals the version in packages/cli/package.json
//   notes TAG                  print the CHANGELOG.md section of TAG's version (the release notes)
//   github-release TAG [--dry-run]
//                              create (or, on a re-run, update) the GitHub release of TAG with those notes, through
//                              $GITHUB_API_URL/repos/$GITHUB_REPOSITORY with $GITHUB_TOKEN; --dry-run prints the request
//   move-major TAG [--remote NAME] [--dry-run]
//                              point the major tag (v1) at TAG's commit and force-push it, unless TAG is a pre-release
//                              or a higher vX.*.* release already exists on the remote
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TAG = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;
const CLI_MANIFEST = 'packages/cli/package.json';

class ReleaseError extends Error {}

function parseTag(tag) {
  const m = TAG.exec(tag ?? '');
  if (!m)
    throw new ReleaseError(
      `Tag ${JSON.stringify(tag)} is not a release tag: expected vMAJOR.MINOR.PATCH (e.g. v1.4.0).`,
    );
  return {
    tag,
    version: tag.slice(1),
    major: Number(m[1]),
    parts: [m[1], m[2], m[3]].map(Number),
    pre: m[4],
  };
}

const git = (args, options = {}) => execFileSync('git', args, { encoding: 'utf8', ...options }).trim();

/** The version the repository is at: packages/cli/package.json (one version for the actions and the CLI). */
function repositoryVersion(dir) {
  return JSON.parse(readFileSync(join(dir, CLI_MANIFEST), 'utf8')).version;
}

function checkTag(dir, tag) {
  const t = parseTag(tag);
  const version = repositoryVersion(dir);
  if (version !== t.version)
    throw new ReleaseError(
      `Tag ${tag} does not match the version in ${CLI_MANIFEST} (${version}). Run \`pnpm version-packages\`, commit, and tag v${version}.`,
    );
  return t;
}

/** The body of the `## <version>` section of a changelog, without its heading. */
function changelogSection(text, version) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${version}`);
  if (start < 0) return undefined;
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  return lines
    .slice(start + 1, end)
    .join('\n')
    .trim();
}

function notes(dir, tag) {
  const t = parseTag(tag);
  const body = changelogSection(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8'), t.version);
  if (!body)
    throw new ReleaseError(
      `CHANGELOG.md has no "## ${t.version}" section. Run \`pnpm version-packages\` before tagging.`,
    );
  return body;
}

/**
 * Insert the sections changesets wrote to packages/cli/CHANGELOG.md into the root CHANGELOG.md, above its newest
 * section, and remove the package's file: the repository keeps one changelog.
 */
function foldChangelog(rootText, packageText) {
  const sections = packageText
    .replace(/\r\n?/g, '\n')
    .replace(/^# .*\n+/, '')
    .trim();
  if (!sections) return rootText;
  const at = rootText.search(/^## /m);
  return at < 0
    ? `${rootText.trimEnd()}\n\n${sections}\n`
    : `${rootText.slice(0, at)}${sections}\n\n${rootText.slice(at)}`;
}

function version(dir) {
  const bin = createRequire(import.meta.url).resolve('@changesets/cli/bin.js');
  execFileSync(process.execPath, [bin, 'version'], { cwd: dir, stdio: 'inherit' });
  const packageLog = join(dir, 'packages/cli/CHANGELOG.md');
  if (!existsSync(packageLog)) return;
  const rootLog = join(dir, 'CHANGELOG.md');
  writeFileSync(rootLog, foldChangelog(readFileSync(rootLog, 'utf8'), readFileSync(packageLog, 'utf8')));
  rmSync(packageLog);
  console.log(`CHANGELOG.md: added the section of ${repositoryVersion(dir)}`);
}

async function githubRelease(dir, tag, { dryRun, env }) {
  const t = checkTag(dir, tag);
  const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const repo = env.GITHUB_REPOSITORY;
  if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo))
    throw new ReleaseError(`GITHUB_REPOSITORY must be OWNER/REPO, got ${JSON.stringify(repo ?? '')}.`);
  const body = {
    tag_name: tag,
    name: tag,
    body: notes(dir, tag),
    draft: false,
    prerelease: Boolean(t.pre),
    make_latest: t.pre ? 'false' : 'legacy',
  };
  const headers = {
    accept: 'application/vnd.github+json',
    'content-type': 'application/json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'mlops-actions-release',
  };
  const create = { method: 'POST', url: `${api}/repos/${repo}/releases`, headers, body };
  if (dryRun) {
    console.log(JSON.stringify({ ...create, headers: { ...headers, authorization: 'Bearer ***' } }, null, 2));
    return;
  }
  if (!env.GITHUB_TOKEN)
    throw new ReleaseError('GITHUB_TOKEN is not set: the release needs `contents: write`.');
  const auth = { ...headers, authorization: `Bearer ${env.GITHUB_TOKEN}` };
  const send = async (method, url, payload) => {
    const res = await fetch(url, { method, headers: auth, body: payload && JSON.stringify(payload) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : {} };
  };
  // A re-run of the workflow updates the release instead of failing on "already_exists".
  const existing = await send('GET', `${api}/repos/${repo}/releases/tags/${encodeURIComponent(tag)}`);
  const res =
    existing.status === 200
      ? await send('PATCH', `${api}/repos/${repo}/releases/${existing.json.id}`, body)
      : await send('POST', create.url, body);
  if (res.status !== 200 && res.status !== 201)
    throw new ReleaseError(
      `GitHub answered ${res.status} to the release of ${tag}: ${res.json.message ?? ''} (the job needs permissions: contents: write).`,
    );
  console.log(
    `${existing.status === 200 ? 'Updated' : 'Created'} the release ${tag}: ${res.json.html_url ?? ''}`,
  );
}

const newer = (a, b) => {
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i] > b.parts[i];
  return false;
};

function moveMajor(dir, tag, { remote, dryRun }) {
  const t = parseTag(tag);
  const major = `v${t.major}`;
  if (t.pre) {
    console.log(`${tag} is a pre-release: ${major} stays where it is.`);
    return;
  }
  const released = git(['ls-remote', '--tags', remote, `refs/tags/v${t.major}.*`], { cwd: dir })
    .split('\n')
    .map((line) =>
      line
        .split('\t')[1]
        ?.replace(/^refs\/tags\//, '')
        .replace(/\^\{\}$/, ''),
    )
    .filter((name) => name && TAG.test(name) && !TAG.exec(name)[4])
    .map(parseTag);
  const higher = released.find((r) => newer(r, t));
  if (higher) {
    console.log(`${higher.tag} is newer than ${tag}: ${major} stays on it.`);
    return;
  }
  const commit = git(['rev-parse', `${tag}^{commit}`], { cwd: dir });
  if (dryRun) {
    console.log(`would point ${major} at ${commit} (${tag}) and push it to ${remote}`);
    return;
  }
  git(['tag', '--force', major, commit], { cwd: dir });
  git(['push', '--force', remote, `refs/tags/${major}`], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  console.log(`${major} → ${commit} (${tag}), pushed to ${remote}`);
}

async function main(argv, env) {
  const [command, tag, ...rest] = argv;
  const dir = process.cwd();
  const dryRun = rest.includes('--dry-run');
  const remoteAt = rest.indexOf('--remote');
  const remote = remoteAt >= 0 ? rest[remoteAt + 1] : 'origin';
  switch (command) {
    case 'version':
      return version(dir);
    case 'check-tag':
      checkTag(dir, tag);
      return console.log(`${tag} matches ${CLI_MANIFEST}`);
    case 'notes':
      return console.log(notes(dir, tag));
    case 'github-release':
      return githubRelease(dir, tag, { dryRun, env });
    case 'move-major':
      return moveMajor(dir, tag, { remote, dryRun });
    default:
      throw new ReleaseError(
        'Usage: node scripts/release.mjs version | check-tag TAG | notes TAG | github-release TAG [--dry-run] | move-major TAG [--remote NAME] [--dry-run]',
      );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await main(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error;
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
}
