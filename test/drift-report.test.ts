import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS_BOT, FakeGitHub } from './harness/github-api.js';
import { repoRoot, runStep } from './harness/runner.js';

// A stack frame as it reads once the runner's one-line error joins the lines: `at fn (file:///…/index.js:1:2)`.
const STACK_FRAME = /\bat (?:\S+ \()?(?:file:\/\/|node:|\/)\S*:\d+:\d+/;

/** Fresh generated data (examples/data/drift/generate.mjs): 12 weekly windows, reference = training sample. */
function dataset(drift: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), `drift-ws-${drift ? 'drift' : 'stable'}-`));
  const args = [join(repoRoot, 'examples/data/drift/generate.mjs'), dir];
  if (drift) args.push('--drift');
  execFileSync(process.execPath, args);
  return dir;
}

// The bundled action on a schedule, the way the runner runs it: the retraining trigger, the one tracking issue, the dispatch.
describe('drift-report (bundled action) on a schedule', () => {
  const github = new FakeGitHub();

  beforeAll(async () => {
    await github.start();
  });
  afterAll(async () => {
    await github.stop();
  });
  beforeEach(() => {
    github.calls.length = 0;
    github.comments.length = 0;
    github.issues.length = 0;
    github.dispatches.length = 0;
  });

  const inputs = {
    predictions: 'predictions.csv',
    outcomes: 'outcomes.csv',
    reference: 'reference.csv',
    'min-metric': 0.5,
    'issue-on-drift': true,
    'dispatch-workflow': 'train.yml',
  };

  it('with drift injected into two features: retrain=true, both flagged, one issue, a comment on re-run, one dispatch per run, not per attempt', async () => {
    const workspace = dataset(true);
    const first = await runStep('drift-report', { event: 'schedule', apiUrl: github.url, workspace, inputs });
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs.retrain).toBe('true');
    expect(first.outputs['retrain-reason']).toMatch(/worse than min-metric 0\.5/);
    expect(JSON.parse(first.outputs['drifted-features']!).sort()).toEqual(['channel', 'tenure_days']);
    expect(first.outputs['drift-detected']).toBe('false'); // 2 of 5 features < drift-share 0.5
    expect(first.summary.split('\n')[0]).toMatch(/Retrain/);
    expect(first.summary).toContain('```mermaid');

    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]!.labels.map((l) => l.name)).toEqual(['model-drift']);
    expect(github.issues[0]!.user.login).toBe(ACTIONS_BOT.login);
    expect(github.issues[0]!.body).toContain('tenure_days');
    expect(github.dispatches).toMatchObject([{ workflow: 'train.yml', ref: 'main', inputs: {} }]);

    const result = JSON.parse(readFileSync(resolve(workspace, first.outputs['result-json']!), 'utf8'));
    // Provenance of the run, and the issue links to it.
    expect(result.run).toEqual({
      repository: 'octo-org/ml-repo',
      sha: 'a'.repeat(40),
      run_id: '7000000001',
      run_attempt: 1,
      run_url: 'https://github.com/octo-org/ml-repo/actions/runs/7000000001',
      event: 'schedule',
      actor: 'octocat',
    });
    expect(github.issues[0]!.body).toContain(`[Workflow run](${result.run.run_url})`);
    expect(result.retrain).toBe(true);
    expect(result.performance.latest.value).toBeLessThan(0.5);
    expect(result.performance.windows.length).toBeGreaterThan(1);
    for (const w of result.performance.windows) expect(w).toHaveProperty('labeled');
    // The same tests at every size (3000 reference rows here): two-sample KS and the contingency chi-square, with
    // Holm-adjusted p-values and an effect past its minimum (0.1 σ; 5 points).
    expect(result.features.tenure_days).toMatchObject({
      type: 'numeric',
      test: 'ks',
      threshold: 0.05,
      drift: true,
      effect: { measure: 'wasserstein-sd', minimum: 0.1 },
    });
    expect(result.features.channel).toMatchObject({
      type: 'categorical',
      test: 'chisquare',
      drift: true,
      effect: { measure: 'max-level-move', minimum: 0.05 },
    });
    for (const name of ['tenure_days', 'channel']) {
      const f = result.features[name];
      expect(f.p_value_adjusted).toBeLessThan(0.05);
      expect(f.p_value_adjusted).toBeGreaterThanOrEqual(f.p_value);
      expect(f.effect.value).toBeGreaterThanOrEqual(f.effect.minimum);
      expect(f.detectable_shift).toBeGreaterThanOrEqual(f.effect.minimum);
    }
    expect(result.drift_policy).toEqual({
      correction: 'holm',
      min_shift: 0.1,
      min_level_move: 0.05,
      min_window_rows: 100,
      tests_corrected: Object.keys(result.features).length,
    });
    expect(result.features.age).toMatchObject({ drift: false });
    expect(result.dataset_drift).toBe(false);
    const html = readFileSync(resolve(workspace, first.outputs['report-path']!), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<svg');

    // The next scheduled run (a new run, same open issue): a comment on it, not a second issue.
    const second = await runStep('drift-report', {
      event: 'schedule',
      apiUrl: github.url,
      workspace,
      runId: '9000001',
      inputs,
    });
    expect(second.exitCode).toBe(0);
    expect(github.issues).toHaveLength(1);
    expect(github.callsTo('POST', /\/issues$/)).toHaveLength(1);
    expect(github.commentsOn(github.issues[0]!.number)).toHaveLength(1);
    expect(github.dispatches).toHaveLength(2);

    // A re-run of that run (attempt 2) does not comment twice.
    const rerun = await runStep('drift-report', {
      event: 'schedule',
      apiUrl: github.url,
      workspace,
      runId: '9000001',
      runAttempt: 2,
      inputs,
    });
    expect(rerun.exitCode).toBe(0);
    expect(github.commentsOn(github.issues[0]!.number)).toHaveLength(1);
    // ...and does not start the training workflow a third time: the second run's dispatch counts.
    expect(github.dispatches).toHaveLength(2);
    expect(rerun.stdout).toContain(
      `train.yml on main was already started since this run began (${github.dispatches[1]!.created_at}: https://github.com/o/r/actions/runs/${github.dispatches[1]!.id}); not dispatched again.`,
    );
    expect(github.callsTo('GET', /\/actions\/workflows\/train.yml\/runs$/).at(-1)!.query).toMatchObject({
      event: 'workflow_dispatch',
      branch: 'main',
      created: `>=${github.runs.get('9000001')!.created_at}`,
    });
    expect(readdirSync(workspace).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('without injected drift: nothing flagged, no issue, no dispatch', async () => {
    const workspace = dataset(false);
    const res = await runStep('drift-report', { event: 'schedule', apiUrl: github.url, workspace, inputs });
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    expect(res.outputs.retrain).toBe('false');
    expect(JSON.parse(res.outputs['drifted-features']!)).toEqual([]);
    expect(res.outputs['drift-detected']).toBe('false');
    expect(github.writes()).toEqual([]);
    expect(github.issues).toHaveLength(0);
    expect(github.dispatches).toHaveLength(0);
  });

  it('with drift injected but fewer rows a window than min-window-rows: insufficient data, no verdict, no issue, no dispatch', async () => {
    const workspace = dataset(true); // about 400 predictions a week
    const res = await runStep('drift-report', {
      event: 'schedule',
      apiUrl: github.url,
      workspace,
      inputs: { ...inputs, 'min-window-rows': 1000 },
    });
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    expect(JSON.parse(res.outputs['drifted-features']!)).toEqual([]);
    expect(res.outputs['drift-detected']).toBe('false');
    expect(res.outputs.retrain).toBe('false');
    expect(github.issues).toHaveLength(0);
    expect(github.dispatches).toHaveLength(0);
    const result = JSON.parse(readFileSync(resolve(workspace, res.outputs['result-json']!), 'utf8'));
    for (const f of Object.values(result.features) as any[])
      expect(f).toMatchObject({ drift: false, p_value_adjusted: null, insufficient_data: { minimum: 1000 } });
    expect(result.drift_policy).toMatchObject({ min_window_rows: 1000, tests_corrected: 0 });
    for (const w of result.performance.windows) {
      expect(w.value).toBeNull();
      expect(w.skipped).toMatch(/^insufficient data: \d+ predictions, fewer than 1000$/);
      expect(w.estimated).toBeUndefined();
    }
    expect(res.summary).toContain('insufficient data');
    expect(res.summary).toContain(
      'fewer than 1000 values in the current window or the reference gets no verdict',
    );
    const html = readFileSync(resolve(workspace, res.outputs['report-path']!), 'utf8');
    expect(html).toContain('insufficient data (fewer than 1000 values on a side)');
  });

  it('still dispatches, with a warning, when the token may not list workflow runs (no actions: read)', async () => {
    const workspace = dataset(true);
    github.overrides.push({
      method: 'GET',
      pattern: /\/actions\/runs\/\d+$/,
      handler: () => ({ status: 403, body: { message: 'Resource not accessible by integration' } }),
    });
    try {
      const res = await runStep('drift-report', { event: 'schedule', apiUrl: github.url, workspace, inputs });
      expect(res.exitCode).toBe(0);
      expect(github.dispatches).toHaveLength(1);
      expect(res.warnings).toContain(
        'Dispatched without a re-run check: listing workflow runs was refused (403); grant `actions: read` so a re-run cannot dispatch twice.',
      );
    } finally {
      github.overrides.length = 0;
    }
  });

  it('fails with one clear error naming the column when a feature is unknown, writing nothing', async () => {
    const workspace = dataset(false);
    const res = await runStep('drift-report', {
      event: 'schedule',
      apiUrl: github.url,
      workspace,
      inputs: { ...inputs, features: 'tenure_days,basket_size' },
    });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatch(/basket_size/);
    // A user error: its own message, no "Unexpected error" wrapper and no stack trace in the error or the log.
    expect(res.errors[0]).toMatch(/^Column "basket_size" not found/);
    expect(res.errors[0]).not.toMatch(STACK_FRAME);
    expect(res.log).not.toMatch(STACK_FRAME);
    expect(existsSync(join(workspace, 'drift-result.json'))).toBe(false);
    expect(github.writes()).toEqual([]);
  });
});

describe('drift-report (bundled action) on a pull request', () => {
  const github = new FakeGitHub();
  beforeAll(async () => {
    await github.start();
  });
  afterAll(async () => {
    await github.stop();
  });

  it('posts one sticky comment and updates it on a re-run', async () => {
    const workspace = dataset(true);
    const inputs = { predictions: 'predictions.csv', outcomes: 'outcomes.csv', reference: 'reference.csv' };
    // The re-run changes the report (fewer windows), so the comment is edited in place.
    for (const [runAttempt, maxWindows] of [
      [1, 12],
      [2, 6],
    ]) {
      const res = await runStep('drift-report', {
        event: 'pull_request',
        apiUrl: github.url,
        workspace,
        runAttempt,
        inputs: { ...inputs, 'max-windows': maxWindows! },
      });
      expect(res.errors).toEqual([]);
      expect(res.exitCode).toBe(0);
    }
    const ours = github.commentsOn(7).filter((c) => c.user.login === ACTIONS_BOT.login);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('tenure_days');
    expect(github.callsTo('POST', /\/issues\/7\/comments$/)).toHaveLength(1);
    expect(github.callsTo('PATCH', /\/issues\/comments\/\d+$/)).toHaveLength(1);
    expect(github.issues).toHaveLength(0);
  });

  it('without permission to comment (403): a warning saying what to grant, the report still written', async () => {
    const workspace = dataset(true);
    // The earlier test left our comment on #7, so this run would edit it (PATCH); a first run would POST.
    const forbidden = () => ({ status: 403, body: { message: 'Resource not accessible by integration' } });
    github.overrides.push(
      { method: 'POST', pattern: /\/issues\/7\/comments$/, handler: forbidden },
      { method: 'PATCH', pattern: /\/issues\/comments\/\d+$/, handler: forbidden },
    );
    try {
      const res = await runStep('drift-report', {
        event: 'pull_request',
        apiUrl: github.url,
        workspace,
        runId: '7000000002',
        inputs: { predictions: 'predictions.csv', outcomes: 'outcomes.csv', reference: 'reference.csv' },
      });
      expect(res.errors).toEqual([]);
      expect(res.exitCode).toBe(0);
      expect(res.warnings).toContain(
        'Could not comment on pull request #7 (403): the token lacks `pull-requests: write` (pull requests from forks get a read-only token). Grant it, or set comment-on-pr: false; the report is in the job summary.',
      );
      expect(res.summary).toContain('tenure_days');
      expect(existsSync(resolve(workspace, res.outputs['result-json']!))).toBe(true);
    } finally {
      github.overrides.length = 0;
    }
  });
});
