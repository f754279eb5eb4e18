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
    expect(text).toContain('evaluation-report.html');

    // The charts people look at: only windows with data are drawn, labels whole.
    const scored = evaluation.challenger.windows.filter(
      (w: { value: number | null }) => w.value !== null,
    ).length;
    expect(scored).toBeLessThan(evaluation.challenger.windows.length); // the demo has empty older weeks
    for (const name of ['evaluation.md', 'drift.md']) {
      const md = readFileSync(join(out, name), 'utf8');
      const blocks = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
      expect(blocks.length, name).toBeGreaterThan(0);
      const perWindow = blocks[0]!;
      const points = [...perWindow.matchAll(/^ {2}line \[(.*)\]$/gm)].map((m) =>
        m[1]!.split(', ').map(Number),
      );
      const labels = [...perWindow.match(/x-axis \[(.*)\]/)![1]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
      expect(labels, name).toHaveLength(scored);
      for (const line of points) expect(line, name).toHaveLength(scored);
      // No "skipped" point sits at the bottom of the axis.
      const lo = Number(perWindow.match(/y-axis ".*" (\S+) -->/)![1]);
      for (const line of points) expect(Math.min(...line), name).toBeGreaterThan(lo);
      expect(md, name).toMatch(/Not plotted: windows 3–11/);
      expect(md, name).toMatch(/plotColorPalette/);
    }
    const driftMd = readFileSync(join(out, 'drift.md'), 'utf8');
    // Histogram titles carry whole feature names; the first numeric bin keeps its "<".
    const histograms = [...driftMd.matchAll(/title "(.+): share of rows per (?:bin|category)/g)].map(
      (m) => m[1],
    );
    expect(histograms).toHaveLength(Math.min(3, drift.drifted_features.length));
    for (const f of histograms) expect(drift.drifted_features).toContain(f);
    expect(driftMd).toMatch(/x-axis \["#60; \d/);
    const driftHtml = readFileSync(join(out, 'drift-report.html'), 'utf8');
    for (const f of Object.keys(drift.features)) expect(driftHtml).toContain(`<code>${f}</code>`);
    const perfSvg = driftHtml.slice(
      driftHtml.indexOf('per window</h2>'),
      driftHtml.indexOf('<h2>Prediction drift'),
    );
    expect(perfSvg.match(/<circle /g)).toHaveLength(
      drift.performance.windows.filter((w: { value: number | null }) => w.value !== null).length,
    );
    expect(perfSvg).toContain('>min-metric 0.5000</text>');
    const evalHtml = readFileSync(join(out, 'evaluation-report.html'), 'utf8');
    expect(evalHtml).toContain('95% bootstrap interval');
  });
});
