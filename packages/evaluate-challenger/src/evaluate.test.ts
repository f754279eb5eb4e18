import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLogger, testDeps, testInputs } from '@mlops-actions/github/testing';
import { describe, expect, it } from 'vitest';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { evaluateChallenger } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'evaluate-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const inputs = (values: Record<string, string>) => testInputs({ definition, parseInputs }, values);

async function run(values: Record<string, string>) {
  const deps = testDeps();
  const result = await evaluateChallenger(
    inputs({
      'result-path': join(dir, `r-${Math.random()}.json`),
      'report-dir': dir,
      bootstrap: '50',
      ...values,
    }),
    deps,
  );
  return { ...result, deps };
}

// Two weeks of rows; `better` decides which column ranks the labels well.
function twoModels(name: string, opts: { rows?: number; hostile?: boolean } = {}) {
  const lines = ['id,timestamp,label,score_a,score_b,device'];
  const n = opts.rows ?? 200;
  for (let i = 0; i < n; i++) {
    const label = i % 3 === 0 ? 1 : 0;
    const t = new Date(Date.parse('2026-11-20T00:00:00Z') - (i % 14) * 86_400_000).toISOString();
    const a = label ? 0.6 + (i % 7) / 100 : 0.3 + (i % 11) / 40;
    const b = label ? 0.4 + (i % 5) / 10 : 0.2 + (i % 9) / 15;
    const device = opts.hostile && i % 2 ? '"<!-- @admin **x** | ::error::"' : 'web';
    lines.push(`e${i},${t},${label},${a.toFixed(3)},${b.toFixed(3)},${device}`);
  }
  return file(name, `${lines.join('\n')}\n`);
}

describe('evaluate-challenger logic', () => {
  it('writes a self-contained HTML report next to the Markdown one (report-path)', async () => {
    const path = twoModels('html.csv', { hostile: true });
    const res = await run({
      champion: path,
      challenger: path,
      'champion-score-column': 'score_b',
      'challenger-score-column': 'score_a',
      'slice-columns': 'device',
    });
    const html = readFileSync(String(res.outputs['report-path']), 'utf8');
    expect(String(res.outputs['report-path'])).toBe(join(dir, 'evaluation-report.html'));
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<!-- @admin/);
    expect(html).toContain('&lt;!-- @admin **x** | ::error::');
    expect(html).toContain('95% bootstrap interval');
  });

  it('reports progress of a slow bootstrap at least every 10 s of (injected) time, with done/total and the time left', async () => {
    let t = Date.parse('2026-11-24T12:00:00Z');
    const stamps: { t: number; line: string }[] = [];
    const logger = new MemoryLogger();
    const info = logger.info.bind(logger);
    logger.info = (m: string) => {
      stamps.push({ t, line: m });
      info(m);
    };
    // Every clock read is 0.7 s later: each resample "takes" 0.7 s, 400 take 280 s.
    const tick = () => {
      t += 700;
      return new Date(t);
    };
    const deps = testDeps({ logger, now: tick });
    const path = twoModels('slow.csv');
    await evaluateChallenger(
      inputs({
        champion: path,
        challenger: path,
        'champion-score-column': 'score_b',
        'challenger-score-column': 'score_a',
        'result-path': join(dir, 'slow.json'),
        'report-dir': dir,
        bootstrap: '400',
      }),
      deps,
    );
    const lines = stamps.filter((s) => s.line.startsWith('Bootstrap: '));
    expect(lines.length).toBeGreaterThan(20);
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.t - lines[i - 1]!.t).toBeLessThanOrEqual(10_000);
    expect(lines[0]!.line).toMatch(/^Bootstrap: \d+\/400 resamples \(\d+%\), \d+ s elapsed, about .+ left$/);
    expect(lines.at(-1)!.line).toMatch(/^Bootstrap: 400\/400 resamples \(100%\), 4 min \d+ s elapsed$/);
  });

  it('a 1 M-row evaluation reports progress at least every 10 s of (injected) time, reading included', async () => {
    // 1,000,000 rows over 14 days (about 50 MB), written in blocks to keep the test's memory small.
    const path = join(dir, 'million.csv');
    const fd = openSync(path, 'w');
    writeSync(fd, 'id,timestamp,label,score_a,score_b\n');
    const day0 = Date.parse('2026-11-20T00:00:00Z');
    for (let start = 0; start < 1_000_000; start += 50_000) {
      const block: string[] = [];
      for (let i = start; i < start + 50_000; i++) {
        const label = i % 3 === 0 ? 1 : 0;
        const t = new Date(day0 - (i % 14) * 86_400_000 - (i % 997) * 1000).toISOString();
        block.push(
          `${i},${t},${label},${((label ? 0.55 : 0.3) + (i % 7) / 20).toFixed(3)},${(0.2 + (i % 9) / 12).toFixed(3)}`,
        );
      }
      writeSync(fd, `${block.join('\n')}\n`);
    }
    closeSync(fd);
    let t = Date.parse('2026-11-24T12:00:00Z');
    const start = t;
    const stamps: { t: number; line: string }[] = [];
    const logger = new MemoryLogger();
    const info = logger.info.bind(logger);
    logger.info = (m: string) => {
      stamps.push({ t, line: m });
      info(m);
    };
    // Every clock read "takes" a second: a megabyte read, a resample, a window scored.
    const deps = testDeps({
      logger,
      now: () => {
        t += 1000;
        return new Date(t);
      },
    });
    await evaluateChallenger(
      inputs({
        champion: path,
        challenger: path,
        'champion-score-column': 'score_b',
        'challenger-score-column': 'score_a',
        'result-path': join(dir, 'million.json'),
        'report-dir': dir,
        bootstrap: '30',
        // A million rows get the influence interval by default: resampling is what reports progress.
        'bootstrap-method': 'poisson',
      }),
      deps,
    );
    const progress = stamps.filter((s) => /: [\d.]+\/[\d.]+ [^(]+ \(\d+%\), /.test(s.line));
    for (const step of ['Reading', 'Scoring windows', 'Bootstrap'])
      expect(progress.some((s) => s.line.startsWith(step))).toBe(true);
    // Each step's time and ETA count from its own start: the first resample is not "12 min" from the end.
    expect(progress.find((s) => s.line.startsWith('Bootstrap: '))!.line).toMatch(/, [0-5] s elapsed/);
    expect(progress.filter((s) => s.line.startsWith('Bootstrap: 30/30'))).toHaveLength(1);
    const reading = progress.filter((s) => s.line.startsWith(`Reading ${path}: `));
    expect(reading.length).toBeGreaterThan(3);
    const size = `${Math.round(statSync(path).size / 100_000) / 10}`;
    expect(reading[0]!.line).toMatch(
      new RegExp(`: [\\d.]+/${size} MB \\(\\d+%\\), \\d+ s elapsed, about .+ left$`),
    );
    expect(reading.at(-1)!.line).toContain(`: ${size}/${size} MB (100%)`);
    // From the start to the last progress line, never 10 s of silence.
    const times = [start, ...progress.map((s) => s.t)];
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!, progress[i - 1]!.line).toBeLessThanOrEqual(10_000);
  }, 120_000);

  it('compares two score columns of one file and writes the versioned result atomically', async () => {
    const path = twoModels('one.csv');
    const res = await run({
      champion: path,
      challenger: path,
      'champion-score-column': 'score_b',
      'challenger-score-column': 'score_a',
    });
    expect(res.outputs.decision).toBe('promote');
    const written = JSON.parse(readFileSync(String(res.outputs['result-json']), 'utf8'));
    expect(written).toMatchObject({
      schema_version: 1,
      kind: 'evaluation',
      metric: 'average-precision',
      gamma: 0.8,
      decision: 'promote',
    });
    expect(written.champion.windows[0]).toEqual(
      expect.objectContaining({
        start: expect.any(String),
        end: expect.any(String),
        rows: expect.any(Number),
        weight: 1,
      }),
    );
    expect(written.bootstrap).toEqual(
      expect.objectContaining({
        low: expect.any(Number),
        high: expect.any(Number),
        share_challenger_better: expect.any(Number),
      }),
    );
    expect(res.summary!.split('\n')[0]).toMatch(/^### ✅ Promote the challenger/);
  });

  it('joins separate files on the id column and reports the join', async () => {
    const path = twoModels('joined.csv');
    const text = readFileSync(path, 'utf8').split('\n');
    const champion = file(
      'champ.csv',
      `${[
        'id,score',
        ...text
          .slice(1)
          .filter(Boolean)
          .map((l) => {
            const c = l.split(',');
            return `${c[0]},${c[4]}`;
          }),
      ].join('\n')}\n`,
    );
    const challenger = file(
      'chall.csv',
      `${[
        'id,timestamp,label,score',
        ...text
          .slice(1)
          .filter(Boolean)
          .map((l) => {
            const c = l.split(',');
            return `${c[0]},${c[1]},${c[2]},${c[3]}`;
          }),
      ].join('\n')}\n`,
    );
    const res = await run({ champion, challenger });
    expect((res.result as { data: unknown }).data).toEqual({
      challenger_rows: 200,
      champion_rows: 200,
      joined_rows: 200,
      join_rate: 1,
    });
    expect(res.outputs.decision).toBe('promote');
  });

  it('fails below min-join-rate with example ids', async () => {
    const champion = file('c1.csv', 'id,score\ne1,0.5\nx9,0.2\n');
    const challenger = file(
      'c2.csv',
      'id,timestamp,label,score\ne1,2026-11-01T00:00:00Z,1,0.4\ne2,2026-11-01T00:00:00Z,0,0.3\n',
    );
    await expect(run({ champion, challenger })).rejects.toThrow(
      'Only 50.00% of ids joined between champion (2 rows) and challenger (2 rows) on "id"; min-join-rate is 0.99.',
    );
  });

  it('keeps the champion for a worse challenger, and fail-on-keep fails after publishing', async () => {
    const path = twoModels('keep.csv');
    const res = await run({
      champion: path,
      challenger: path,
      'champion-score-column': 'score_a',
      'challenger-score-column': 'score_b',
      'fail-on-keep': 'true',
    });
    expect(res.outputs.decision).toBe('keep');
    expect(res.failure).toMatch(/^Decision is keep \(fail-on-keep\): Keep the champion: score/);
    expect(existsSync(String(res.outputs['result-json']))).toBe(true);
  });

  it('promotes the first model and explains why', async () => {
    const res = await run({ challenger: twoModels('first.csv'), 'score-column': 'score_a' });
    expect(res.outputs.decision).toBe('promote');
    expect(res.outputs['champion-score']).toBe('');
    expect(res.outputs.reason).toMatch(/^No champion to compare with/);
  });

  it('names the file, row, column and value for bad labels, scores and timestamps', async () => {
    const bad = (text: string) => run({ challenger: file(`bad-${Math.random()}.csv`, text) });
    await expect(bad('id,timestamp,label,score\ne1,2026-11-01,2,0.4\n')).rejects.toThrow(
      /data row 1: label 2 in column "label" is not 0 or 1/,
    );
    await expect(bad('id,timestamp,label,score\ne1,2026-11-01,1,NaN\n')).rejects.toThrow(
      /line 2, column "score": "NaN" is not a finite number\./,
    );
    await expect(bad('id,timestamp,label,score\ne1,yesterday,1,0.3\n')).rejects.toThrow(
      /column "timestamp": "yesterday" is not a timestamp\./,
    );
    await expect(bad('id,timestamp,label\ne1,2026-11-01,1\n')).rejects.toThrow(
      /Column "score" not found in .* \(input "challenger"\)\./,
    );
    await expect(
      run({
        challenger: file('ll.csv', 'id,timestamp,label,score\ne1,2026-11-01,1,1.3\n'),
        metric: 'log-loss',
      }),
    ).rejects.toThrow(/score 1.3 in column "score" is not a probability in \[0, 1\]/);
  });

  it('validates inputs up front, naming the input and value', () => {
    expect(() => inputs({ challenger: 'x', gamma: '1.5' })).toThrow(
      'Input "gamma" must be > 0 and <= 1, got "1.5".',
    );
    expect(() => inputs({ challenger: 'x', gamma: '0' })).toThrow(
      'Input "gamma" must be > 0 and <= 1, got "0".',
    );
    expect(() => inputs({ challenger: 'x', metric: 'map@5' })).toThrow(
      'Metric "map@5" ranks within groups: set `group-column`',
    );
    expect(() => inputs({ challenger: 'x', 'min-confidence': '0.9', bootstrap: '0' })).toThrow(
      'needs the bootstrap',
    );
    expect(() => inputs({ challenger: 'x', window: 'weekly' })).toThrow('Input "window" must be a duration');
  });

  it('fails when no window holds a row', async () => {
    await expect(
      run({ challenger: twoModels('old.csv'), 'score-column': 'score_a', 'as-of': '2020-01-01' }),
    ).rejects.toThrow(/No row falls in the evaluation windows/);
  });

  it('escapes slice values from the data in the report', async () => {
    const path = twoModels('hostile.csv', { hostile: true });
    const res = await run({
      champion: path,
      challenger: path,
      'champion-score-column': 'score_b',
      'challenger-score-column': 'score_a',
      'slice-columns': 'device',
    });
    expect(res.summary).not.toMatch(/<!--|@admin|\*\*x\*\*|::error/);
    const sliceRows = res.summary!.split('\n').filter((l) => l.startsWith('| device = '));
    expect(sliceRows).toHaveLength(2);
    for (const row of sliceRows) expect(row.split(' | ')).toHaveLength(6);
  });

  it('appends to a ledger once per run and never overwrites', async () => {
    const ledger = mkdtempSync(join(tmpdir(), 'ledger-'));
    const path = twoModels('ledger.csv');
    const values = {
      champion: path,
      challenger: path,
      'champion-score-column': 'score_b',
      'challenger-score-column': 'score_a',
      ledger,
    };
    const context = { ...testDeps().context, runId: '99', runAttempt: 1 };
    const first = testDeps({ context });
    await evaluateChallenger(
      inputs({ ...values, 'result-path': join(dir, 'l1.json'), 'report-dir': dir, bootstrap: '0' }),
      first,
    );
    const second = testDeps({ context });
    await evaluateChallenger(
      inputs({ ...values, 'result-path': join(dir, 'l2.json'), 'report-dir': dir, bootstrap: '0' }),
      second,
    );
    expect(first.logger.of('info').some((l) => l.startsWith('Recorded the evaluation at'))).toBe(true);
    expect(second.logger.of('info').some((l) => l.includes('already recorded'))).toBe(true);
    expect(existsSync(join(ledger, 'evaluations/99-1-evaluation.json'))).toBe(true);
  });

  it("records the challenger's model package in the result and files the ledger record under it", async () => {
    const ledger = mkdtempSync(join(tmpdir(), 'ledger-'));
    const path = twoModels('ledger-arn.csv');
    const arn = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/7';
    const res = await evaluateChallenger(
      inputs({
        champion: path,
        challenger: path,
        'champion-score-column': 'score_b',
        'challenger-score-column': 'score_a',
        ledger,
        'model-package-arn': arn,
        'result-path': join(dir, 'arn.json'),
        'report-dir': dir,
        bootstrap: '0',
      }),
      testDeps({ context: { ...testDeps().context, runId: '98', runAttempt: 2 } }),
    );
    expect((res.result as { model_package_arn?: string }).model_package_arn).toBe(arn);
    const record = JSON.parse(
      readFileSync(join(ledger, 'evaluations/purchases/7/98-2-evaluation.json'), 'utf8'),
    );
    expect(record.model_package_arn).toBe(arn);
    expect(() => inputs({ challenger: path, 'model-package-arn': 'purchases/7' })).toThrow(
      /Input "model-package-arn": "purchases\/7" is not a versioned model package ARN/,
    );
  });
});
