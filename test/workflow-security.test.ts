import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './harness/runner.js';

// Hardening rules for every workflow we ship (.github/workflows and examples/workflows).
const files = ['.github/workflows', 'examples/workflows'].flatMap((dir) =>
  readdirSync(join(repoRoot, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(dir, f)),
);
const COMMENTING = /\/actions\/(evaluate-challenger|deploy-stack|drift-report)@/;

describe.each(files)('%s', (file) => {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const wf: any = parse(text);
  const jobs = Object.entries<any>(wf.jobs);

  it('never runs on pull_request_target (forked pull-request code with secrets)', () => {
    expect(Object.keys(wf.on ?? {})).not.toContain('pull_request_target');
  });

  it('declares permissions at the top (read-only) and per job', () => {
    expect(wf.permissions).toEqual({ contents: 'read' });
    for (const [id, job] of jobs) if (!job.uses) expect(job.permissions, `job ${id}`).toBeDefined();
  });

  it('grants id-token, pull-requests, issues, actions and deployments write only to the jobs that need them', () => {
    for (const [id, job] of jobs) {
      const steps: any[] = job.steps ?? [];
      const uses = steps.map((s) => String(s.uses ?? ''));
      const p = job.permissions ?? {};
      if (p['id-token'] === 'write')
        expect(
          uses.some((u) => u.startsWith('aws-actions/configure-aws-credentials@')),
          `${id}: id-token without AWS`,
        ).toBe(true);
      if (p['pull-requests'] === 'write')
        expect(
          uses.some((u) => COMMENTING.test(u)),
          `${id}: pull-requests without a commenting action`,
        ).toBe(true);
      if (p.actions === 'write')
        expect(
          uses.some((u) => u.includes('/actions/drift-report@')),
          `${id}: actions write`,
        ).toBe(true);
      // The drift report's issue, or evaluate-challenger's tracking issue (issue-label) where there is no pull request.
      if (p.issues === 'write')
        expect(
          steps.some(
            (s) =>
              String(s.uses ?? '').includes('/actions/drift-report@') ||
              (String(s.uses ?? '').includes('/actions/evaluate-challenger@') && s.with?.['issue-label']),
          ),
          `${id}: issues write`,
        ).toBe(true);
      if (p.deployments === 'write')
        expect(
          uses.some((u) => u.includes('/actions/promote-model@')),
          `${id}: deployments write`,
        ).toBe(true);
      if (p.contents === 'write')
        expect(
          steps.some((s) => /scripts\/release\.mjs (github-release|move-major)/.test(String(s.run ?? ''))),
          `${id}: contents write without a release step`,
        ).toBe(true);
      for (const [scope, level] of Object.entries(p))
        if (level === 'write')
          expect(
            ['id-token', 'pull-requests', 'issues', 'actions', 'deployments', 'contents'],
            `${id}: ${scope}: write`,
          ).toContain(scope);
    }
  });

  it('pins third-party actions to a commit SHA', () => {
    for (const [, job] of jobs)
      for (const step of job.steps ?? []) {
        const uses = String(step.uses ?? '');
        if (!uses || uses.startsWith('./') || uses.startsWith('mlops-actions/mlops-actions/')) continue;
        expect(uses, uses).toMatch(/@[0-9a-f]{40}$/);
      }
  });

  it('never interpolates expressions into shell: run steps take values through env', () => {
    for (const [, job] of jobs)
      for (const step of job.steps ?? []) if (step.run) expect(String(step.run)).not.toContain('${{');
  });

  it('uses a concurrency group when it deploys, trains or promotes', () => {
    if (/deploy-stack@|promote-model@|run-training@/.test(text) && !file.includes('mlops-'))
      expect(wf.concurrency?.group, 'concurrency').toBeTruthy();
  });
});

// The snippets users copy from the READMEs follow the same rules as the workflows we ship.
const readmes = ['README.md', 'SECURITY.md', 'examples/README.md'].concat(
  readdirSync(join(repoRoot, 'actions')).map((a) => join('actions', a, 'README.md')),
);

describe.each(readmes)('YAML snippets in %s', (file) => {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const blocks = [...text.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('pin third-party actions to a commit SHA', () => {
    for (const block of blocks)
      for (const [, uses] of block.matchAll(/uses:\s*['"]?([^\s'"#]+)/g)) {
        if (uses!.startsWith('./') || /^(OWNER\/REPO|mlops-actions\/mlops-actions)\//.test(uses!)) continue;
        expect(uses, `${file}: ${uses}`).toMatch(/@[0-9a-f]{40}$/);
      }
  });

  it('never interpolate expressions into a run: line', () => {
    for (const block of blocks)
      for (const line of block.split('\n'))
        if (/^\s*(- )?run:/.test(line)) expect(line, `${file}: ${line.trim()}`).not.toContain('${{');
  });
});
