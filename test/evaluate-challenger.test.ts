import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS_BOT, FakeGitHub } from './harness/github-api.js';
import { repoRoot, runStep } from './harness/runner.js';
import { LocalS3 } from './harness/s3.js';

// A stack frame as it reads once the runner's one-line error joins the lines: `at fn (file:///…/index.js:1:2)`.
const STACK_FRAME = /\bat (?:\S+ \()?(?:file:\/\/|node:|\/)\S*:\d+:\d+/;

/** The example data's scores (the CSV's, from scikit-learn's fixture), however the same rows were written. */
function expectReferenceScores(res: { errors: string[]; outputs: Record<string, string | undefined> }): void {
  expect(res.errors).toEqual([]);
  expect(res.outputs.decision).toBe('promote');
  const reference = JSON.parse(
    readFileSync(join(repoRoot, 'packages/evaluate-challenger/fixtures/reference.json'), 'utf8'),
  );
  const ap = reference.cases.find(
    (c: { metric: string; gamma: number }) => c.metric === 'average-precision' && c.gamma === 0.8,
  );
  expect(Number(res.outputs['challenger-score'])).toBeCloseTo(ap.challenger.score, 12);
  expect(Number(res.outputs['champion-score'])).toBeCloseTo(ap.champion.score, 12);
}

// The bundled action, run the way the runner runs it, on the example data (challenger better in recent weeks).
describe('evaluate-challenger (bundled action)', () => {
  const github = new FakeGitHub();
  let workspace: string;

  beforeAll(async () => {
    await github.start();
  });
  afterAll(async () => {
    await github.stop();
  });
  beforeEach(() => {
    github.calls.length = 0;
    github.comments.length = 0;
    workspace = mkdtempSync(join(tmpdir(), 'evaluate-ws-'));
    for (const f of ['champion.csv', 'challenger.csv']) {
      copyFileSync(join(repoRoot, 'examples/data/evaluate', f), join(workspace, f));
    }
  });

  const inputs = {
    champion: 'champion.csv',
    challenger: 'challenger.csv',
    'slice-columns': 'device',
    bootstrap: 200,
  };
  const onPullRequest = () =>
    runStep('evaluate-challenger', { event: 'pull_request', apiUrl: github.url, workspace, inputs });

  it('posts one sticky comment on the pull request and updates it on a re-run', async () => {
    const first = await onPullRequest();
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs.decision).toBe('promote');
    expect(Number(first.outputs['challenger-score'])).toBeGreaterThan(
      Number(first.outputs['champion-score']),
    );
    expect(first.outputs['comment-url']).toMatch(/#issuecomment-\d+$/);
    expect(first.summary.split('\n')[0]).toMatch(/Promote the challenger/);
    // The header names the pull request's head commit (not GITHUB_SHA's merge commit) and links the run.
    expect(first.summary.split('\n')[2]).toMatch(
      /^commit \[`2f4c6e8`\]\(.*\/commit\/2f4c6e8a0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a\) · \[run \d+\]\(.*\/actions\/runs\/\d+\) · as of \d{4}-\d\d-\d\d$/,
    );
    const html = readFileSync(resolve(workspace, first.outputs['report-path']!), 'utf8');
    expect(first.outputs['report-path']).toMatch(/evaluation-report\/evaluation-report\.html$/);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');

    const second = await runStep('evaluate-challenger', {
      event: 'pull_request',
      apiUrl: github.url,
      workspace,
      runAttempt: 2,
      inputs: { ...inputs, gamma: 0.5 },
    });
    expect(second.exitCode).toBe(0);
    const ours = github.commentsOn(7).filter((c) => c.user.login === ACTIONS_BOT.login);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('γ = 0.5');
    expect(github.callsTo('POST', /\/issues\/7\/comments$/)).toHaveLength(1);
    expect(github.callsTo('PATCH', /\/issues\/comments\/\d+$/)).toHaveLength(1);
  });

  it('writes the versioned result file and outputs; on a schedule only the job summary gets the report', async () => {
    const res = await runStep('evaluate-challenger', {
      event: 'schedule',
      apiUrl: github.url,
      workspace,
      inputs,
    });
    expect(res.exitCode).toBe(0);
    expect(github.writes()).toEqual([]);
    expect(res.outputs['comment-url'] ?? '').toBe('');
    const resultPath = res.outputs['result-json']!;
    const result = JSON.parse(readFileSync(resolve(workspace, resultPath), 'utf8'));
    expect(result).toMatchObject({
      schema_version: 1,
      kind: 'evaluation',
      decision: 'promote',
      metric: 'average-precision',
    });
    expect(result.challenger.score).toBe(Number(res.outputs['challenger-score']));
    expect(result.slices.map((s: { value: string }) => s.value).sort()).toEqual([
      'desktop',
      'mobile',
      'tablet',
    ]);
    expect(res.summary).toContain('| device = mobile');
    expect(readdirSync(workspace).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('spreads the bootstrap over worker threads (dist/worker.js) with the interval one thread gives', async () => {
    const run = async (threads: number) => {
      const res = await runStep('evaluate-challenger', {
        event: 'schedule',
        apiUrl: github.url,
        workspace,
        inputs,
        env: { MLOPS_WORKER_THREADS: String(threads) },
      });
      expect(res.errors).toEqual([]);
      expect(res.log).toContain(`Resampling on ${threads} thread(s): 200 bootstrap resamples.`);
      return JSON.parse(readFileSync(resolve(workspace, res.outputs['result-json']!), 'utf8'));
    };
    const two = await run(2);
    const one = await run(1);
    expect(two.bootstrap).toEqual(one.bootstrap);
    expect(two.bootstrap).toMatchObject({ resamples: 200, undefined_resamples: 0, seed: 42 });
    expect(two.bootstrap.low).toBeLessThan(two.bootstrap.high);
  });

  it('fails the step with one clear error line for a missing column, leaving no result file', async () => {
    const res = await runStep('evaluate-challenger', {
      event: 'pull_request',
      apiUrl: github.url,
      workspace,
      inputs: { ...inputs, 'label-column': 'outcome' },
    });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatch(/outcome/);
    // A user error: no "Unexpected error" wrapper and no stack trace in the error or the log.
    expect(res.errors[0]).not.toMatch(/^Unexpected error/);
    expect(res.errors[0]).not.toMatch(STACK_FRAME);
    expect(res.log).not.toMatch(STACK_FRAME);
    expect(existsSync(join(workspace, 'evaluation-result.json'))).toBe(false);
    expect(github.writes()).toEqual([]);
  });

  for (const status of [403, 404])
    it(`with a token that may not comment (${status}, as for a fork): a warning, the decision and the result still out`, async () => {
      github.overrides.push({
        method: 'POST',
        pattern: /\/issues\/7\/comments$/,
        handler: () => ({ status, body: { message: 'Resource not accessible by integration' } }),
      });
      try {
        const res = await onPullRequest();
        expect(res.errors).toEqual([]);
        expect(res.exitCode).toBe(0);
        expect(res.outputs.decision).toBe('promote');
        expect(res.outputs['comment-url'] ?? '').toBe('');
        expect(res.warnings).toEqual([
          `Could not comment on pull request #7 (${status}): the token lacks \`pull-requests: write\` (pull requests from forks get a read-only token). Grant it, or set comment-on-pr: false; the report is in the job summary.`,
        ]);
        expect(existsSync(resolve(workspace, res.outputs['result-json']!))).toBe(true);
      } finally {
        github.overrides.length = 0;
      }
    });
});

describe('evaluate-challenger (bundled action) start-up', () => {
  it('on local files loads none of the bundle chunks holding the AWS SDK or Octokit', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'evaluate-start-'));
    for (const f of ['champion.csv', 'challenger.csv'])
      copyFileSync(join(repoRoot, 'examples/data/evaluate', f), join(workspace, f));
    const log = join(workspace, 'modules.log');
    const res = await runStep('evaluate-challenger', {
      workspace,
      inputs: { champion: 'champion.csv', challenger: 'challenger.csv', bootstrap: 0 },
      nodeArgs: ['--import', join(repoRoot, 'test/harness/module-log/register.mjs')],
      env: { MLOPS_MODULE_LOG: log },
    });
    expect(res.errors).toEqual([]);
    const dist = join(repoRoot, 'actions/evaluate-challenger/dist');
    // The SDK's runtime (Smithy) names itself throughout; our own code never mentions it.
    const holdsSdk = (file: string) => /smithy/i.test(readFileSync(file, 'utf8'));
    const loaded = readFileSync(log, 'utf8')
      .split('\n')
      .filter((url) => url.startsWith('file:') && url.includes('/actions/evaluate-challenger/dist/'))
      .map((url) => fileURLToPath(url));
    expect(loaded).toContain(join(dist, 'index.js'));
    expect(loaded.filter(holdsSdk)).toEqual([]);
    // The SDK is in the bundle all the same, in chunks an s3:// input loads.
    const chunks = readdirSync(dist).filter((f) => f.endsWith('.js'));
    expect(chunks.filter((f) => holdsSdk(join(dist, f))).length).toBeGreaterThan(0);
    // Nor Octokit and its HTTP stack (undici), although the step has a token: no GitHub call, no Octokit. Octokit
    // names itself in its user agent (octokit-core.js); undici is the fetch @actions/github gives it.
    const holdsOctokit = (file: string) => /octokit-core\.js|undici/.test(readFileSync(file, 'utf8'));
    expect(loaded.filter(holdsOctokit)).toEqual([]);
    expect(chunks.filter((f) => holdsOctokit(join(dist, f))).length).toBeGreaterThan(0);
  });
});

describe('evaluate-challenger (bundled action) on Parquet input', () => {
  it('reads Parquet predictions (lazy-loaded reader chunk in the bundle) and scores them like the CSV', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'evaluate-parquet-'));
    for (const model of ['champion', 'challenger']) {
      const lines = readFileSync(join(repoRoot, 'examples/data/evaluate', `${model}.csv`), 'utf8')
        .trim()
        .split('\n')
        .slice(1);
      const cells = lines.map((l) => l.split(','));
      const buffer = parquetWriteBuffer({
        columnData: [
          { name: 'id', data: cells.map((c) => c[0]!) },
          { name: 'timestamp', data: cells.map((c) => c[1]!) },
          { name: 'label', data: new Int32Array(cells.map((c) => Number(c[4]))) },
          { name: 'score', data: new Float64Array(cells.map((c) => Number(c[5]))) },
        ],
        rowGroupSize: 1000,
      });
      writeFileSync(join(workspace, `${model}.parquet`), new Uint8Array(buffer));
    }
    const res = await runStep('evaluate-challenger', {
      event: 'schedule',
      workspace,
      inputs: { champion: 'champion.parquet', challenger: 'challenger.parquet', bootstrap: 0 },
    });
    expectReferenceScores(res);
  });
});

describe('evaluate-challenger (bundled action) on JSON Lines', () => {
  // Issue 21.1: JSON Lines are read from bytes; every spelling below must give the values JSON.parse gives.
  it('scores JSON Lines written every way JSON allows (escapes, epoch numbers, exponents, duplicate keys, BOM, CRLF) like the CSV', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'evaluate-jsonl-'));
    for (const model of ['champion', 'challenger']) {
      const rows = readFileSync(join(repoRoot, 'examples/data/evaluate', `${model}.csv`), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
      const lines = rows.map(([id, timestamp, , device, label, score], i) => {
        const fields = [
          // An escaped id must join its plain spelling in the other file.
          `"id": "${i % 2 && model === 'champion' ? `\\u0065${id!.slice(1)}` : id}"`,
          `"timestamp": ${i % 3 === 0 ? Date.parse(timestamp!) : `"${timestamp}"`}`,
          `"label": ${i % 4 === 0 ? (label === '1' ? 'true' : 'false') : label}`,
          // A repeated key: the last one counts, as JSON.parse keeps it.
          ...(i % 5 === 0 ? ['"score": 0.5'] : []),
          `"score": ${i % 2 ? Number(score).toExponential() : score}`,
          `"device": "${device}"`,
          `"meta": {"__proto__": {"x": [1, {"y": null}]}, "s": "\\ud83d\\ude00"}`,
        ];
        return `{${fields.join(i % 7 === 0 ? ' , ' : ',')}}`;
      });
      const text =
        model === 'champion' ? `\ufeff${lines.join('\r\n')}\r\n` : lines.join('\n\n').replace(/\n$/, '');
      writeFileSync(join(workspace, `${model}.jsonl`), text);
    }
    const res = await runStep('evaluate-challenger', {
      event: 'schedule',
      workspace,
      inputs: { champion: 'champion.jsonl', challenger: 'challenger.jsonl', bootstrap: 0 },
    });
    expectReferenceScores(res);
  });
});

describe('evaluate-challenger (bundled action) on Batch Transform output', () => {
  // Batch Transform writes `<object>.out` without a header: with output-filter `$[0,1,-1]`, `id,timestamp,score`.
  function transformWorkspace(): string {
    const workspace = mkdtempSync(join(tmpdir(), 'evaluate-transform-'));
    copyFileSync(join(repoRoot, 'examples/data/evaluate/challenger.csv'), join(workspace, 'challenger.csv'));
    const rows = readFileSync(join(repoRoot, 'examples/data/evaluate/champion.csv'), 'utf8')
      .trim()
      .split('\n');
    const out = rows.slice(1).map((row) => {
      const c = row.split(',');
      return [c[0], c[1], c[5]].join(',');
    });
    writeFileSync(join(workspace, 'eval.csv.out'), `${out.join('\n')}\n`);
    return workspace;
  }

  it('reads a header-less champion file with `champion-columns` and scores it like the file with a header', async () => {
    const res = await runStep('evaluate-challenger', {
      event: 'schedule',
      workspace: transformWorkspace(),
      inputs: {
        champion: 'eval.csv.out',
        'champion-columns': 'id,timestamp,score',
        challenger: 'challenger.csv',
        bootstrap: 0,
      },
    });
    expect(res.errors).toEqual([]);
    const reference = JSON.parse(
      readFileSync(join(repoRoot, 'packages/evaluate-challenger/fixtures/reference.json'), 'utf8'),
    );
    const ap = reference.cases.find(
      (c: { metric: string; gamma: number }) => c.metric === 'average-precision' && c.gamma === 0.8,
    );
    expect(Number(res.outputs['champion-score'])).toBeCloseTo(ap.champion.score, 12);
    expect(Number(res.outputs['challenger-score'])).toBeCloseTo(ap.challenger.score, 12);
  });

  it('names the given column names when a header-less line has another number of fields', async () => {
    const res = await runStep('evaluate-challenger', {
      event: 'schedule',
      workspace: transformWorkspace(),
      inputs: {
        champion: 'eval.csv.out',
        'champion-columns': 'id,score',
        challenger: 'challenger.csv',
        bootstrap: 0,
      },
    });
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toContain(
      'eval.csv.out, line 1: expected 2 fields like the column names given, found 3.',
    );
  });
});

/**
 * A workspace with the example predictions where the `device` values are replaced (desktop and tablet by the given
 * strings), and the challenger made worse on those slices so that the decision names them.
 */
function workspaceWithDevices(devices: Record<string, string>): string {
  const workspace = mkdtempSync(join(tmpdir(), 'evaluate-devices-'));
  for (const model of ['champion', 'challenger']) {
    const [header, ...rows] = readFileSync(join(repoRoot, 'examples/data/evaluate', `${model}.csv`), 'utf8')
      .trim()
      .split('\n');
    const out = rows.map((row) => {
      const c = row.split(',');
      const value = devices[c[3]!];
      if (value === undefined) return row;
      c[3] = value;
      if (model === 'challenger') c[5] = String(1 - Number(c[5]));
      return c.join(',');
    });
    writeFileSync(join(workspace, `${model}.csv`), `${header}\n${out.join('\n')}\n`);
  }
  return workspace;
}

const guardedInputs = {
  champion: 'champion.csv',
  challenger: 'challenger.csv',
  'slice-columns': 'device',
  'guard-slices': 'all',
  bootstrap: 0,
};

describe('evaluate-challenger (bundled action): hostile slice values', () => {
  const github = new FakeGitHub();
  beforeAll(() => github.start());
  afterAll(() => github.stop());

  it('logs slice values that spell ##[...] or ::error:: (after NEL) without the runner executing them', async () => {
    const res = await runStep('evaluate-challenger', {
      event: 'schedule',
      workspace: workspaceWithDevices({
        desktop: '##[warning]PWNED ##[add-mask]average-precision',
        tablet: 'web\u0085::error title=Approved::x',
      }),
      inputs: guardedInputs,
    });
    expect(res.exitCode).toBe(0);
    expect(res.outputs.decision).toBe('keep');
    // The values did reach the log, readable...
    expect(res.log).toContain('[warning]PWNED');
    expect(res.log).toContain('::error title=Approved::x');
    // ...and the runner found no command in them: no annotation, no mask (the token's own mask aside).
    expect(res.commands.filter((c) => ['warning', 'error', 'notice'].includes(c.command))).toEqual([]);
    expect(res.masks.filter((m) => m !== 'ghs_harnessToken0123456789')).toEqual([]);
    expect(res.stdout).not.toContain('##[');
  });

  it('renders mentions, references and domains in slice values so GitHub resolves none of them', async () => {
    const res = await runStep('evaluate-challenger', {
      event: 'pull_request',
      apiUrl: github.url,
      workspace: workspaceWithDevices({
        desktop: '@octocat acme/shop-ml#5 GH-5',
        tablet: 'evil.example.com #6',
      }),
      inputs: guardedInputs,
    });
    expect(res.exitCode).toBe(0);
    const comment = github.commentsOn(7).find((c) => c.user.login === ACTIONS_BOT.login)!.body;
    for (const markdown of [comment, res.summary]) {
      // GitHub decodes entities before it looks for mentions, references and links.
      const text = markdown
        .replace(/&#(\d+);/g, (_m, code) => String.fromCharCode(Number(code)))
        .replace(/`[^`]*`/g, ''); // code spans resolve nothing
      expect(text).toContain('octocat'); // the values are in the report...
      expect(text).not.toMatch(/(^|[^\w])@octocat/); // ...but notify nobody
      expect(text).not.toMatch(/shop-ml#5|(^|[^\w&])#[56]\b|GH-5/);
      expect(text).not.toMatch(/evil\.example\.com/);
    }
  });
});

// report-uri: the HTML report and the result JSON go to S3 (a real S3-protocol server on loopback), named for the run.
describe('evaluate-challenger (bundled action): report-uri', () => {
  const s3 = new LocalS3();
  let workspace: string;
  const client = () =>
    new S3Client({
      endpoint: s3.endpoint,
      forcePathStyle: true,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });

  beforeAll(async () => {
    await s3.start(['ml-reports']);
    workspace = mkdtempSync(join(tmpdir(), 'evaluate-s3-'));
    for (const f of ['champion.csv', 'challenger.csv'])
      copyFileSync(join(repoRoot, 'examples/data/evaluate', f), join(workspace, f));
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('uploads the HTML report and the result JSON under the prefix and outputs their URIs', async () => {
    const res = await runStep('evaluate-challenger', {
      env: s3.env(),
      workspace,
      runId: '9100',
      inputs: {
        champion: 'champion.csv',
        challenger: 'challenger.csv',
        bootstrap: 50,
        'report-uri': 's3://ml-reports/evaluations/',
      },
    });
    expect(res.errors).toEqual([]);
    expect(res.outputs['report-uri']).toBe('s3://ml-reports/evaluations/evaluation-report-9100-1.html');
    expect(res.outputs['result-uri']).toBe('s3://ml-reports/evaluations/evaluation-report-9100-1.json');
    const get = async (key: string) => {
      const object = await client().send(new GetObjectCommand({ Bucket: 'ml-reports', Key: key }));
      return { type: object.ContentType, text: await object.Body!.transformToString() };
    };
    const html = await get('evaluations/evaluation-report-9100-1.html');
    expect(html.type).toMatch(/^text\/html/);
    expect(html.text).toBe(readFileSync(resolve(workspace, res.outputs['report-path']!), 'utf8'));
    const json = await get('evaluations/evaluation-report-9100-1.json');
    expect(JSON.parse(json.text)).toMatchObject({ kind: 'evaluation', decision: res.outputs.decision });
  });

  it('refuses a report-uri that is not an s3:// prefix before reading any data', async () => {
    const res = await runStep('evaluate-challenger', {
      env: s3.env(),
      workspace,
      inputs: { champion: 'missing.csv', challenger: 'missing.csv', 'report-uri': 'reports/' },
    });
    expect(res.exitCode).not.toBe(0);
    expect(res.errors.join('\n')).toMatch(/Input "report-uri" must be an s3:\/\/ prefix .*got "reports\/"/);
  });
});
