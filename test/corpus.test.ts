import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from 'mlops-actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS_BOT, FakeGitHub } from './harness/github-api.js';
import { repoRoot, runStep } from './harness/runner.js';

// The bad-input corpus (test/corpus, written by test/corpus/generate.mjs; large cases built here), run through the
// CLI and through the bundled action. Each case either fails with one clear line naming the problem, leaving no
// output file, or is legal input that succeeds (with a documented warning where one applies).
const corpus = join(repoRoot, 'test/corpus');
const big = mkdtempSync(join(tmpdir(), 'corpus-big-'));

interface Case {
  name: string;
  action: 'evaluate-challenger' | 'drift-report' | 'run-training' | 'deploy-stack';
  inputs: () => Record<string, string>;
  /** Error line pattern, or `ok` (optionally with a warning pattern). */
  error?: RegExp;
  warning?: RegExp;
}

const valid = join(corpus, 'valid.csv');
const evaluate =
  (file: string, extra: Record<string, string> = {}) =>
  () => ({
    champion: valid,
    challenger: file.startsWith('/') ? file : join(corpus, file),
    bootstrap: '0',
    ...extra,
  });
const drift =
  (file: string, extra: Record<string, string> = {}) =>
  () => ({ predictions: join(corpus, file), outcomes: valid, ...extra });

const bomb = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`),
].join('\n');

const cases: Case[] = [
  {
    name: 'an empty file',
    action: 'evaluate-challenger',
    inputs: evaluate('empty.csv'),
    error: /empty\.csv is empty: a CSV file needs a header line/,
  },
  {
    name: 'a header only',
    action: 'drift-report',
    inputs: drift('header-only.csv'),
    error: /No predictions in .*header-only\.csv: the input has no rows/,
  },
  {
    name: 'the wrong delimiter',
    action: 'evaluate-challenger',
    inputs: evaluate('semicolon.csv'),
    error: /the file looks ;-delimited, but CSV must be comma-separated/,
  },
  {
    name: 'a BOM and CRLF line ends (legal)',
    action: 'evaluate-challenger',
    inputs: evaluate('bom-crlf.csv', { champion: join(corpus, 'bom-crlf.csv'), challenger: valid }),
  },
  {
    name: 'quoted newlines (legal)',
    action: 'evaluate-challenger',
    inputs: evaluate('quoted-newlines.csv', {
      champion: join(corpus, 'quoted-newlines.csv'),
      challenger: valid,
    }),
  },
  {
    name: 'a NaN score',
    action: 'evaluate-challenger',
    inputs: evaluate('nan-score.csv'),
    error: /nan-score\.csv, line 9, column "score": "NaN" is not a finite number/,
  },
  {
    name: 'an Infinity score',
    action: 'drift-report',
    inputs: drift('infinity-score.csv'),
    error: /infinity-score\.csv, line 5, column "score": "Infinity" is not a finite number/,
  },
  {
    name: 'an empty score',
    action: 'evaluate-challenger',
    inputs: evaluate('empty-score.csv'),
    error: /empty-score\.csv, data row 6: the score column "score" is empty/,
  },
  {
    name: 'a label of 2',
    action: 'evaluate-challenger',
    inputs: evaluate('label-2.csv'),
    error: /label-2\.csv, data row 10: label 2 in column "label" is not 0 or 1/,
  },
  {
    name: 'a label of -1',
    action: 'evaluate-challenger',
    inputs: evaluate('label-minus-1.csv'),
    error: /label -1 in column "label" is not 0 or 1/,
  },
  {
    name: 'duplicate ids (evaluation joins on them)',
    action: 'evaluate-challenger',
    inputs: evaluate('duplicate-ids.csv'),
    error: /have the id "e10" twice \(column "id"\)/,
  },
  {
    name: 'duplicate ids (drift report: warned)',
    action: 'drift-report',
    inputs: drift('duplicate-ids.csv'),
    warning: /1 prediction\(s\) repeat an event id/,
  },
  {
    name: 'timestamps in mixed formats and zones (legal)',
    action: 'drift-report',
    inputs: drift('mixed-timestamps.csv'),
  },
  {
    name: 'an unparseable timestamp',
    action: 'evaluate-challenger',
    inputs: evaluate('bad-timestamp.csv'),
    error: /bad-timestamp\.csv, line 6, column "timestamp": "yesterday" is not a timestamp/,
  },
  {
    name: 'an as-of date that does not exist (Date.parse would roll it over to March 2)',
    action: 'evaluate-challenger',
    inputs: evaluate('valid.csv', { 'as-of': '2026-02-30' }),
    error:
      /Input "as-of" must be an ISO 8601 date or time, got "2026-02-30"\. .*the day must exist in the calendar/,
  },
  {
    name: 'an as-of time on a day that does not exist',
    action: 'drift-report',
    inputs: drift('valid.csv', { 'as-of': '2026-04-31T12:00:00Z' }),
    error: /Input "as-of" must be an ISO 8601 date or time, got "2026-04-31T12:00:00Z"\./,
  },
  {
    name: 'an as-of that is not ISO 8601',
    action: 'drift-report',
    inputs: drift('valid.csv', { 'as-of': 'Nov 23 2026' }),
    error: /Input "as-of" must be an ISO 8601 date or time, got "Nov 23 2026"\./,
  },
  {
    name: 'non-UTF-8 bytes',
    action: 'drift-report',
    inputs: drift('latin1.csv'),
    error: /latin1\.csv: the file is not valid UTF-8 \(byte 62\)\. Re-export it as UTF-8/,
  },
  {
    name: 'a broken JSON line',
    action: 'evaluate-challenger',
    inputs: evaluate('not-jsonl.jsonl'),
    error: /not-jsonl\.jsonl, line 2: not valid JSON/,
  },
  {
    name: 'a 60 MB line (read, then the join says what is wrong)',
    action: 'evaluate-challenger',
    inputs: evaluate(join(big, 'huge-line.csv')),
    error: /Only 2\.50% of ids joined .*challenger \(1 rows\)/,
  },
  {
    name: '100,000 columns',
    action: 'evaluate-challenger',
    inputs: evaluate(join(big, 'wide.csv')),
    error: /Only 2\.50% of ids joined/,
  },
  {
    name: 'a JSON nesting bomb',
    action: 'evaluate-challenger',
    inputs: evaluate(join(big, 'deep.jsonl')),
    error: /Only 0\.00% of ids joined/,
  },
  {
    name: 'a stray quote near the top of a 25 MB CSV (found in one pass, not re-parsed per chunk)',
    action: 'evaluate-challenger',
    inputs: evaluate(join(big, 'stray-quote.csv')),
    error:
      /stray-quote\.csv: a quoted field opened on line 2 is never closed\. Check for a stray `"`: a quote opens a field that runs to the next quote/,
  },
  {
    name: 'a file without line ends longer than max-record-bytes',
    action: 'drift-report',
    inputs: () => ({
      predictions: join(big, 'no-line-ends.csv'),
      outcomes: valid,
      'max-record-bytes': '1048576',
    }),
    error:
      /no-line-ends\.csv, line 2: the record is longer than max-record-bytes \(1 MiB\) without a line end\. Check that the file is CSV/,
  },
  {
    name: 'a stray quote within max-record-bytes',
    action: 'evaluate-challenger',
    inputs: evaluate(join(big, 'stray-quote.csv'), { 'max-record-bytes': '1048576' }),
    error:
      /stray-quote\.csv, line 2: a quoted field opened in this record is not closed within max-record-bytes \(1 MiB\)/,
  },
  {
    name: 'old Mac line ends (CR only)',
    action: 'evaluate-challenger',
    inputs: evaluate(join(big, 'lone-cr.csv')),
    error:
      /lone-cr\.csv, line 1: .*carriage return .*old Mac line endings \(CR only\)\. Convert the line endings to LF or CRLF/,
  },
  {
    name: 'a 50 MB header line (names cut short in the message)',
    action: 'evaluate-challenger',
    inputs: evaluate(join(big, 'huge-header.csv')),
    error: /^(?=.{0,2000}$).*Column "score" not found in .*huge-header\.csv .*"label", "x{57}\.\.\."/,
  },
  {
    name: 'a YAML alias bomb in a map input',
    action: 'run-training',
    inputs: () => ({ backend: 'local', 'entry-point': 'true', hyperparameters: bomb }),
    error: /Input "hyperparameters" is not valid YAML: Excessive alias count/,
  },
  {
    name: 'a YAML alias bomb as a template',
    action: 'deploy-stack',
    inputs: () => ({ 'stack-name': 'x', template: join(big, 'bomb.yaml') }),
    error: /Template .*bomb\.yaml cannot be read: Excessive alias count/,
  },
];

beforeAll(() => {
  writeFileSync(
    join(big, 'huge-line.csv'),
    `id,timestamp,label,score,note\ne1,2026-11-20T10:00:00Z,1,0.5,${'x'.repeat(60 * 1024 * 1024)}\n`,
  );
  const cols = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
  writeFileSync(
    join(big, 'wide.csv'),
    `id,timestamp,label,score,${cols.join(',')}\ne1,2026-11-20T10:00:00Z,1,0.5,${cols.map(() => 1).join(',')}\n`,
  );
  writeFileSync(
    join(big, 'deep.jsonl'),
    `{"id":"a","timestamp":"2026-11-20T00:00:00Z","label":1,"score":0.5,"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}\n`,
  );
  writeFileSync(join(big, 'bomb.yaml'), `${bomb}\nResources: {}\n`);
  const rows = Array.from({ length: 500_000 }, (_, i) => `e${i},2026-11-20T10:00:00Z,1,0.5`);
  writeFileSync(
    join(big, 'stray-quote.csv'),
    `id,timestamp,label,score\ne0,"2026-11-20T10:00:00Z,1,0.5\n${rows.join('\n')}\n`,
  );
  writeFileSync(join(big, 'no-line-ends.csv'), `id,timestamp,label,score\n${'1,'.repeat(2_000_000)}`);
  writeFileSync(join(big, 'lone-cr.csv'), `id,timestamp,label,score\r${rows.slice(0, 10).join('\r')}\r`);
  writeFileSync(
    join(big, 'huge-header.csv'),
    `id,timestamp,label,${'x'.repeat(50 * 1024 * 1024)}\ne1,2026-11-20T10:00:00Z,1,0.5\n`,
  );
});

function outputs(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /result|\.tmp|\.html$/.test(f));
}

describe.each(cases)('corpus: $name ($action)', (c) => {
  it('through the CLI', async () => {
    const out = mkdtempSync(join(tmpdir(), 'corpus-cli-'));
    const stderr: string[] = [];
    const extra =
      c.action === 'evaluate-challenger' || c.action === 'drift-report'
        ? ['--result-path', join(out, 'result.json')]
        : [];
    if (c.action === 'drift-report' || c.action === 'evaluate-challenger') extra.push('--report-dir', out);
    const argv = [c.action, ...Object.entries(c.inputs()).flatMap(([k, v]) => [`--${k}`, v]), ...extra];
    const code = await runCli(argv, {
      stdout: () => {},
      stderr: (t) => void stderr.push(t),
      env: { ...process.env, AWS_REGION: 'eu-west-1' },
    });
    const errors = stderr
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('error: '));
    if (c.error) {
      expect(code).toBe(1);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(c.error);
      expect(stderr.join('')).not.toMatch(/\n\s+at /);
      expect(outputs(out)).toEqual([]);
    } else {
      expect(errors).toEqual([]);
      expect(code).toBe(0);
      if (c.warning) expect(stderr.join('')).toMatch(c.warning);
    }
  });

  it('through the bundled action', async () => {
    const res = await runStep(c.action, { inputs: c.inputs(), env: { AWS_REGION: 'eu-west-1' } });
    if (c.error) {
      expect(res.exitCode).toBe(1);
      expect(res.errors).toHaveLength(1);
      expect(res.errors[0]).toMatch(c.error);
      expect(res.errors[0]).not.toMatch(/Unexpected error|\n\s+at /);
    } else {
      expect(res.errors).toEqual([]);
      expect(res.exitCode).toBe(0);
      if (c.warning) expect(res.warnings.join('\n')).toMatch(c.warning);
    }
  });
});

describe('hostile values in the data never reach the comment, summary or workflow commands as markup', () => {
  const github = new FakeGitHub();
  beforeAll(() => github.start());
  afterAll(() => github.stop());

  it('slice values with HTML, markdown, @mentions and ::commands are escaped', async () => {
    const hostile = join(corpus, 'hostile-names.csv');
    const res = await runStep('evaluate-challenger', {
      event: 'pull_request',
      apiUrl: github.url,
      inputs: { champion: valid, challenger: hostile, 'slice-columns': 'device', bootstrap: '0' },
    });
    expect(res.errors).toEqual([]);
    const comment = github.commentsOn(7).find((c) => c.user.login === ACTIONS_BOT.login)!.body;
    for (const text of [comment, res.summary]) {
      expect(text).not.toMatch(/<img|<script|<!-- x/); // tags only as entities: &#60;img …
      expect(text).not.toMatch(/(^|[^`\w])@admin/);
      expect(text).not.toMatch(/^::error::/m);
      expect(text).toContain('device');
    }
    expect(res.commands.filter((c) => c.command === 'error')).toEqual([]);
    expect(existsSync(join(repoRoot, 'evaluation-result.json'))).toBe(false);
    expect(readFileSync(hostile, 'utf8')).toContain('::error::pwned'); // the data really was hostile
  });
});
