import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo } from './demo.js';

describe('mlops demo', () => {
  it('runs the whole loop through the action commands and writes the reports to one folder', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'demo-')), 'out');
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runDemo(
      { stdout: (t) => void stdout.push(t), stderr: (t) => void stderr.push(t), env: process.env },
      ['--out', out],
    );
    expect(stderr.join('')).toBe('');
    expect(code).toBe(0);
    const text = stdout.join('');
    // The challenger is trained on the weeks after the behaviour shift: it wins on the latest weeks.
    expect(text).toMatch(/Decision: promote the challenger/);
    // The verdict line is the rule that fired, said once (not "Retrain: true — Retrain: …").
    expect(text).toMatch(/^Retrain: .*min-metric/m);
    expect(text).not.toMatch(/Retrain: (true|false)/);
    const evaluation = JSON.parse(readFileSync(join(out, 'evaluation-result.json'), 'utf8'));
    expect(evaluation.decision).toBe('promote');
    const drift = JSON.parse(readFileSync(join(out, 'drift-result.json'), 'utf8'));
    expect(drift.retrain).toBe(true);
    expect(drift.drifted_features).toEqual(expect.arrayContaining(['tenure_days', 'channel']));
    for (const f of [
      'evaluation.md',
      'drift.md',
      'drift-report.html',
      'demo.log',
      'models/demo-champion/output/model.tar.gz',
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, 'demo.log'), 'utf8')).toContain('$ mlops run-training --backend local');
  });
});
