import { describe, expect, it } from 'vitest';
import { renderDriftSummary } from './drift.js';
import { renderDriftHtml } from './drift-html.js';
import { escapeHtml } from './escape.js';
import { renderEvaluationReport } from './evaluation.js';
import { renderEvaluationHtml } from './evaluation-html.js';
import { collapseEmptyWindows, metricFormatter, signedFormatter } from './format.js';
import { mermaidText } from './mermaid.js';
import { PALETTE } from './palette.js';
import { HOSTILE_NAMES, syntheticDriftResult, syntheticEvaluationResult } from './testing.js';

/** The data lines of each Mermaid block: x labels and every series, parsed back from the text. */
function mermaidCharts(markdown: string) {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => {
    const text = m[1]!;
    const labels = [...(text.match(/x-axis \[(.*)\]/)?.[1] ?? '').matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(
      (l) => l[1]!,
    );
    const series = [...text.matchAll(/^ {2}(?:line|bar) \[(.*)\]$/gm)].map((l) =>
      l[1]!.split(', ').map(Number),
    );
    const [lo, hi] = (text.match(/y-axis ".*" (\S+) --> (\S+)/) ?? []).slice(1).map(Number);
    return { text, labels, series, lo: lo!, hi: hi! };
  });
}

describe('numbers and labels', () => {
  it('formats every value of a metric with the same decimals, signs improvements', () => {
    const fmt = metricFormatter([0.492, 0.72638, 0.5]);
    expect([fmt(0.492), fmt(0.72638), fmt(1), fmt(null)]).toEqual(['0.4920', '0.7264', '1.0000', '–']);
    const signed = signedFormatter(fmt);
    expect([signed(0.2343), signed(-0.01), signed(0.00001)]).toEqual(['+0.2343', '-0.0100', '0.0000']);
    expect(metricFormatter([123.456, 7])(7)).toBe('7.0');
  });

  it('encodes Mermaid labels instead of stripping or cutting them', () => {
    expect(mermaidText('< 84')).toBe('#60; 84');
    expect(mermaidText('a"]; x #35;')).toBe('a#34;#93;; x #35;35;');
    const long = 'a_feature_name_that_is_longer_than_forty_characters_in_total';
    expect(mermaidText(long)).toBe(long);
  });

  it('collapses runs of empty windows, keeping a single empty window as it is', () => {
    const w = (k: number, rows: number) => ({ k, rows });
    const runs = collapseEmptyWindows([w(0, 5), w(1, 0), w(2, 5), w(3, 0), w(4, 0), w(5, 0)]);
    expect(runs.map((r) => (r.kind === 'empty' ? r.windows.map((x) => x.k) : r.window.k))).toEqual([
      0,
      1,
      2,
      [3, 4, 5],
    ]);
  });
});

describe('evaluation Markdown', () => {
  // Zero-width joiners that escapeMarkdown puts after `:` and `.` (against autolinks) are left out of the comparisons.
  const md = renderEvaluationReport(syntheticEvaluationResult()).replace(/\u200d/g, '');

  it('states the decision, the difference in words, the PR head commit and the run', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe(
      '### ✅ Promote the challenger: `average-precision` 0.7264 vs champion 0.4920 (challenger better by 0.2344; higher is better)',
    );
    expect(lines[2]).toBe(
      'commit [`a1b2c3d`](https://github.com/o/r/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678) · [run 42](https://github.com/o/r/actions/runs/42) · as of 2026-11-22',
    );
  });

  it('keeps the numbers of the verdict blockquote as typed (no joiner inside 0.5)', () => {
    const result = syntheticEvaluationResult();
    result.reason =
      'The challenger wins 97.5% of resamples, needs 95%; improvement 0.0421 ≥ 0.01 with sklearn 1.5.2.';
    const raw = renderEvaluationReport(result);
    const verdict = raw.split('\n').find((l) => l.startsWith('> '))!;
    expect(verdict).toContain('97.5% of resamples, needs 95%; improvement 0.0421 ≥ 0.01 with sklearn 1.5.2.');
  });

  it('collapses the nine empty weeks into one row without weights', () => {
    const row = md.split('\n').find((l) => l.startsWith('| 3–11 |'))!;
    expect(row).toBe(
      '| 3–11 | windows 3–11 &#40;2026-08-30 – 2026-11-01&#41;&#58; no rows | 0 |  |  |  |  |',
    );
    expect(md.split('\n').filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(3);
  });

  it('plots only the windows with data, in the palette, with a legend naming the gap', () => {
    const [chart] = mermaidCharts(md);
    expect(chart!.labels).toEqual(['Nov 8', 'Nov 15', 'Nov 22']);
    expect(chart!.series).toEqual([
      [0.503, 0.514, 0.467],
      [0.743, 0.758, 0.691],
    ]);
    expect(chart!.lo).toBe(0);
    expect(chart!.text).toContain(`'plotColorPalette': '${PALETTE.champion.hex}, ${PALETTE.challenger.hex}'`);
    expect(md).toContain('blue: champion · orange: challenger. Not plotted: windows 3–11');
  });
});

describe('drift Markdown', () => {
  const result = syntheticDriftResult();
  const md = renderDriftSummary(result, { topHistograms: 10 }).replace(/\u200d/g, '');

  it('plots the scored windows and the threshold only, names the gap, collapses the empty rows', () => {
    const [perf] = mermaidCharts(md);
    expect(perf!.series).toEqual([
      [0.503, 0.514, 0.467],
      [0.5, 0.5, 0.5],
    ]);
    expect(perf!.text).toContain(`${PALETTE.champion.hex}, ${PALETTE.threshold.hex}`);
    expect(md).toContain('blue: average-precision of the model · red: min-metric 0.5000');
    expect(md).toContain('| windows 3–11 &#40;2026-08-30 – 2026-11-01&#41;&#58; no rows | 0 |  |  |  |');
    expect(md).not.toMatch(/no predictions/);
  });

  it('keeps histogram labels whole and readable ("< 84"), hostile names encoded', () => {
    const histograms = mermaidCharts(md).slice(1);
    expect(histograms.length).toBeGreaterThanOrEqual(HOSTILE_NAMES.length);
    // The first drifted numeric feature's bins (edges 85, 200.8, …, 755.1): "< 85", then each bin's lower edge.
    expect(histograms.map((h) => h.labels).find((l) => l[0]!.startsWith('#60; '))).toEqual([
      '#60; 85',
      '85',
      '201',
      '285',
      '350',
      '415',
      '488',
      '559',
      '646',
      '755',
    ]);
    for (const h of histograms) {
      expect(h.series[0]).toHaveLength(h.labels.length);
      expect(h.text).not.toContain('<script');
    }
    expect(md).toContain('title "#60;script#62;alert(1)#60;/script#62;: share of rows per bin (#37;)"');
    expect(md).toContain('Not compared (ID-like');
  });
});

describe('HTML reports', () => {
  it('carry every per-feature field for every feature, drifted first, the rest collapsed', () => {
    const result = syntheticDriftResult();
    const html = renderDriftHtml(result);
    for (const f of Object.values(result.features))
      expect(html).toContain(`<code>${escapeHtml(f.name)}</code>`);
    for (const field of [
      'Test',
      'Statistic',
      'p-value',
      'Threshold',
      'PSI',
      'Reference',
      'Current',
      'Unseen categories',
      'Verdict',
    ])
      expect(html).toContain(`<dt>${field}</dt>`);
    expect(html).toContain('3000 values, 0 missing');
    expect(html).toContain('400 values, 4 missing (1%)');
    expect(html.indexOf('<h2>Drifted features</h2>')).toBeLessThan(
      html.indexOf('<h2>Features without drift</h2>'),
    );
    expect(html).not.toMatch(/<script>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('carry the decision evidence: adjusted p-value, effect vs minimum, detectable shift, policy and CBPE estimates', () => {
    const result = syntheticDriftResult();
    result.drift_policy = {
      correction: 'holm',
      min_shift: 0.1,
      min_level_move: 0.05,
      min_window_rows: 100,
      tests_corrected: 7,
    };
    const empty = result.performance.windows[3]!;
    empty.rows = 380;
    empty.estimated = {
      method: 'cbpe',
      value: 0.712,
      low: 0.655,
      high: 0.764,
      calibration_rows: 3000,
      calibration_bins: 10,
      resamples: 200,
    };
    empty.skipped = 'labels not in yet';
    const html = renderDriftHtml(result);
    for (const field of ['Adjusted p-value', 'Effect (minimum; detectable shift)'])
      expect(html).toContain(`<dt>${field}</dt>`);
    expect(html).toMatch(/<th[^>]*>Adjusted p<\/th>/);
    expect(html).toMatch(/<th[^>]*>Effect \(min; detectable\)<\/th>/);
    // The categorical feature: adjusted 5e-5, a 30-point move against a 5-point minimum, 7 points detectable.
    expect(html).toContain('30 pts (min 5 pts; detectable 7 pts)');
    expect(html).toContain('<dd>5.00e-5</dd>');
    expect(html).toContain(
      'A feature drifts when its Holm-adjusted p-value (7 tests) is below its threshold and the effect reaches its minimum (0.1 σ numeric, 5 points categorical).',
    );
    expect(html).toContain('≈ 0.7120 estimated (95%: 0.6550 – 0.7640; labels not in yet)');
    expect(html).toContain('not a measured value');
    // The Markdown says the same from the same helpers.
    const md = renderDriftSummary(result)
      .replace(/\u200d/g, '')
      .replace(/&#(\d+);/g, (_m, code) => String.fromCharCode(Number(code)));
    expect(md).toContain('Holm-adjusted p-value (7 tests)');
    expect(md).toContain('≈ 0.7120 estimated (95%: 0.6550 – 0.7640; labels not in yet)');
  });

  it('draw a point only for windows with a value, label the threshold and start bounded metrics at 0', () => {
    const html = renderDriftHtml(syntheticDriftResult());
    const perf = html.slice(html.indexOf('per window</h2>'), html.indexOf('<h2>Prediction drift'));
    expect(perf.match(/<circle /g)).toHaveLength(3);
    expect(perf).toContain('>min-metric 0.5000</text>');
    expect(perf).toMatch(/>0\.0000<\/text>/);
    const evaluation = renderEvaluationHtml(syntheticEvaluationResult());
    const windows = evaluation.slice(
      evaluation.indexOf('per window</h2>'),
      evaluation.indexOf('<h2>Uncertainty'),
    );
    expect(windows.match(/<circle /g)).toHaveLength(6);
    expect(evaluation).toContain('95% bootstrap interval +0.1860 to +0.2738');
  });

  it('stay under 2 MB for 500 features (summaries, not data)', () => {
    const html = renderDriftHtml(syntheticDriftResult({ features: 500 }));
    expect(Buffer.byteLength(html)).toBeLessThan(2_000_000);
    expect(html.match(/<details/g)!.length).toBeGreaterThanOrEqual(500);
  });
});
