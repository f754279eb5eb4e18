import { type DriftResult, driftSeverity, type FeatureDrift } from '@mlops-actions/core';
import { escapeHtml, escapeMarkdown, inlineCode, mermaidLabel } from './escape.js';
import { type Cell, formatNumber, markdownTable, mermaidLineChart } from './markdown.js';

const day = (iso: string) => iso.slice(0, 10);

/** Features sorted by how far past their threshold they are (drifted first). */
export function featuresBySeverity(result: DriftResult): FeatureDrift[] {
  return Object.values(result.features).sort(
    (a, b) => driftSeverity(b) - driftSeverity(a) || (a.name < b.name ? -1 : 1),
  );
}

function verdict(result: DriftResult): string {
  const drifted = result.drifted_features.length;
  const total = Object.keys(result.features).length;
  const head = result.retrain
    ? '### 🔁 Retrain now'
    : result.dataset_drift
      ? '### ⚠️ Dataset drift, no retraining rule fired'
      : '### ✅ No retraining needed';
  const latest = result.performance.latest;
  const perf = latest
    ? `${inlineCode(result.metric)} ${formatNumber(latest.value)} in the latest scored window (${day(latest.start)} – ${day(latest.end)})`
    : 'no window was scored';
  return [
    head,
    '',
    `> ${escapeMarkdown(result.retrain_reason)}`,
    '',
    `- Performance: ${perf}.`,
    `- Feature drift: ${drifted} of ${total} features drifted (${formatNumber(result.drift_share * 100, 3)}%; dataset drift at ${formatNumber(result.drift_share_threshold * 100, 3)}%)${drifted ? `: ${result.drifted_features.slice(0, 10).map(inlineCode).join(', ')}` : ''}.`,
  ].join('\n');
}

function statisticCell(f: FeatureDrift): string {
  if (f.p_value === null) return formatNumber(f.statistic);
  const adjusted =
    f.p_value_adjusted != null && f.p_value_adjusted !== f.p_value
      ? `, adjusted ${formatNumber(f.p_value_adjusted, 3)}`
      : '';
  return `${formatNumber(f.statistic)} (p = ${formatNumber(f.p_value, 3)}${adjusted})`;
}

/** The effect in a person's units, its minimum, and the smallest shift this run could have detected. */
function effectCell(f: FeatureDrift): string {
  if (!f.effect || f.p_value === null) return '–';
  const [scale, unit] = f.effect.measure === 'wasserstein-sd' ? [1, ' σ'] : [100, ' pts'];
  const show = (v: number) => `${formatNumber(v * scale, 2)}${unit}`;
  return `${show(f.effect.value)} (min ${show(f.effect.minimum)}${f.detectable_shift != null ? `; detectable ${show(f.detectable_shift)}` : ''})`;
}

/** A window's metric cell: the realised value, or the CBPE estimate marked as such. */
function windowValueCell(w: DriftResult['performance']['windows'][number]): string {
  if (w.value !== null) return formatNumber(w.value);
  if (w.estimated)
    return `≈ ${formatNumber(w.estimated.value)} estimated (95%: ${formatNumber(w.estimated.low)} – ${formatNumber(w.estimated.high)}; ${w.skipped ?? 'not scored'})`;
  return `– (${w.skipped ?? 'not scored'})`;
}

/** Markdown for the job summary and the pull-request comment: verdict first, trend, features, histograms. */
export function renderDriftSummary(result: DriftResult, options: { topHistograms?: number } = {}): string {
  const out = [verdict(result), ''];
  const windows = [...result.performance.windows].reverse();
  if (windows.some((w) => w.rows > 0)) {
    const series = [{ name: result.metric, values: windows.map((w) => w.value) }];
    const threshold = result.rules.min_metric;
    if (threshold !== null) series.push({ name: 'min-metric', values: windows.map(() => threshold) });
    const chart = mermaidLineChart(
      `${result.metric} per window`,
      windows.map((w) => day(w.end)),
      series,
      { yLabel: result.metric },
    );
    out.push('#### Performance per window', '');
    if (chart)
      out.push(chart, '', '_Unscored windows are drawn at the bottom of the axis; see the table._', '');
    const rows: Cell[][] = result.performance.windows.map((w) => [
      `${day(w.start)} – ${day(w.end)}`,
      w.rows,
      w.labeled,
      w.coverage === null ? '–' : `${formatNumber(w.coverage * 100, 3)}%`,
      windowValueCell(w),
    ]);
    out.push(
      markdownTable(['Window', 'Rows', 'Labelled', 'Coverage', result.metric], rows, { maxRows: 30 }),
      '',
    );
  }
  const features = featuresBySeverity(result);
  if (features.length) {
    out.push('#### Features, most drifted first', '');
    const rows: Cell[][] = features.map((f) => [
      { md: inlineCode(f.name) },
      f.type,
      `${f.test}${f.method === 'summary' ? ' (summary)' : ''}`,
      statisticCell(f),
      effectCell(f),
      formatNumber(f.threshold),
      formatNumber(f.psi),
      `${formatNumber(f.current.missing_share * 100, 3)}%${f.unseen_categories?.count ? `, ${f.unseen_categories.count} unseen` : ''}`,
      { md: f.drift ? '**drift**' : 'ok' },
    ]);
    if (result.drift_policy)
      out.push(
        `A feature drifts when its ${result.drift_policy.correction === 'none' ? 'p-value' : `${result.drift_policy.correction === 'holm' ? 'Holm' : 'Benjamini-Hochberg'}-adjusted p-value (${result.drift_policy.tests_corrected} tests)`} is below its threshold and the effect reaches its minimum (${formatNumber(result.drift_policy.min_shift)} σ numeric, ${formatNumber(result.drift_policy.min_level_move * 100)} points categorical).`,
        '',
      );
    out.push(
      markdownTable(
        [
          'Feature',
          'Type',
          'Test',
          'Statistic',
          'Effect',
          'Threshold',
          'PSI',
          'Missing (current)',
          'Verdict',
        ],
        rows,
        { maxRows: 100 },
      ),
      '',
    );
  }
  if (result.prediction) {
    const p = result.prediction;
    out.push(
      `Prediction drift (score distribution, current vs older windows): ${p.test} ${statisticCell(p)}, threshold ${formatNumber(p.threshold)}: ${p.drift ? '**drift**' : 'ok'}.`,
      '',
    );
  }
  const top = features.filter((f) => f.drift).slice(0, options.topHistograms ?? 3);
  for (const f of top) {
    out.push(`#### ${escapeMarkdown(f.name)}: reference vs current`, '', mermaidBars(f), '');
  }
  if (result.warnings.length)
    out.push(
      '<details><summary>Warnings</summary>',
      '',
      ...result.warnings.slice(0, 20).map((w) => `- ${escapeMarkdown(w)}`),
      '',
      '</details>',
    );
  return out.join('\n');
}

/** A Mermaid bar chart of reference and current shares per bin. */
function mermaidBars(f: FeatureDrift): string {
  const fmt = (v: number) => Number((v * 100).toPrecision(4)).toString();
  const max = Math.max(...f.histogram.reference, ...f.histogram.current, 0.01) * 100;
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${mermaidLabel(`${f.name} (share %, bars: reference, line: current)`)}"`,
    `  x-axis [${f.histogram.bins.map((b) => `"${mermaidLabel(b)}"`).join(', ')}]`,
    `  y-axis "share %" 0 --> ${Number((max * 1.1).toPrecision(3))}`,
    `  bar [${f.histogram.reference.map(fmt).join(', ')}]`,
    `  line [${f.histogram.current.map(fmt).join(', ')}]`,
    '```',
  ].join('\n');
}

function svgLine(points: (number | null)[], labels: string[], threshold: number | null): string {
  const w = 640;
  const h = 220;
  const pad = 40;
  const values = points.filter((v): v is number => v !== null);
  if (threshold !== null) values.push(threshold);
  if (!values.length) return '<p>No scored window.</p>';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const x = (i: number) => pad + (i * (w - 2 * pad)) / Math.max(1, points.length - 1);
  const y = (v: number) => h - pad - ((v - min) / span) * (h - 2 * pad);
  const path = points
    .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  const parts = [
    `<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img">`,
    `<polyline fill="none" stroke="#0969da" stroke-width="2" points="${path}"/>`,
  ];
  points.forEach((v, i) => {
    if (v !== null)
      parts.push(
        `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="#0969da"><title>${escapeHtml(`${labels[i]}: ${v}`)}</title></circle>`,
      );
  });
  if (threshold !== null)
    parts.push(
      `<line x1="${pad}" x2="${w - pad}" y1="${y(threshold).toFixed(1)}" y2="${y(threshold).toFixed(1)}" stroke="#cf222e" stroke-dasharray="4"/>`,
    );
  parts.push(
    `<text x="4" y="${pad}" font-size="11">${escapeHtml(formatNumber(max))}</text><text x="4" y="${h - pad}" font-size="11">${escapeHtml(formatNumber(min))}</text>`,
  );
  labels.forEach((l, i) => {
    parts.push(
      `<text x="${x(i).toFixed(1)}" y="${h - 10}" font-size="9" text-anchor="middle">${escapeHtml(l.slice(5))}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

function svgBars(f: FeatureDrift): string {
  const w = 640;
  const h = 200;
  const pad = 30;
  const n = f.histogram.bins.length;
  const max = Math.max(...f.histogram.reference, ...f.histogram.current, 0.01);
  const slot = (w - 2 * pad) / Math.max(1, n);
  const parts = [`<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img">`];
  for (let i = 0; i < n; i++) {
    const r = f.histogram.reference[i]!;
    const c = f.histogram.current[i]!;
    const bh = (v: number) => (v / max) * (h - 2 * pad);
    const x0 = pad + i * slot;
    parts.push(
      `<rect x="${(x0 + 2).toFixed(1)}" y="${(h - pad - bh(r)).toFixed(1)}" width="${(slot / 2 - 3).toFixed(1)}" height="${bh(r).toFixed(1)}" fill="#8c959f"><title>${escapeHtml(`${f.histogram.bins[i]} reference ${(r * 100).toFixed(2)}%`)}</title></rect>`,
    );
    parts.push(
      `<rect x="${(x0 + slot / 2).toFixed(1)}" y="${(h - pad - bh(c)).toFixed(1)}" width="${(slot / 2 - 3).toFixed(1)}" height="${bh(c).toFixed(1)}" fill="#cf222e"><title>${escapeHtml(`${f.histogram.bins[i]} current ${(c * 100).toFixed(2)}%`)}</title></rect>`,
    );
    parts.push(
      `<text x="${(x0 + slot / 2).toFixed(1)}" y="${h - 8}" font-size="9" text-anchor="middle">${escapeHtml(f.histogram.bins[i]!.slice(0, 14))}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/** A self-contained HTML report (inline CSS and SVG, no scripts), every data value escaped. */
export function renderDriftHtml(result: DriftResult): string {
  const windows = [...result.performance.windows].reverse();
  const features = featuresBySeverity(result);
  const rows = features
    .map(
      (f) =>
        `<tr class="${f.drift ? 'drift' : ''}"><td><code>${escapeHtml(f.name)}</code></td><td>${f.type}</td><td>${f.test}${f.method === 'summary' ? ' (summary)' : ''}</td><td>${escapeHtml(statisticCell(f))}</td><td>${escapeHtml(formatNumber(f.threshold))}</td><td>${escapeHtml(formatNumber(f.psi))}</td><td>${f.drift ? 'drift' : 'ok'}</td></tr>`,
    )
    .join('\n');
  const histograms = features
    .filter((f) => f.drift)
    .slice(0, 10)
    .map(
      (f) => `<h3>${escapeHtml(f.name)}</h3><p>Grey: reference share; red: current share.</p>${svgBars(f)}`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Drift report ${escapeHtml(day(result.as_of))}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:960px}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left}tr.drift td{background:#ffebe9}.verdict{font-size:1.3em}</style>
</head><body>
<h1>Drift report</h1>
<p class="verdict">${result.retrain ? 'Retrain now' : result.dataset_drift ? 'Dataset drift, no retraining rule fired' : 'No retraining needed'}</p>
<p>${escapeHtml(result.retrain_reason)}</p>
<h2>${escapeHtml(result.metric)} per window</h2>
${svgLine(
  windows.map((w) => w.value),
  windows.map((w) => day(w.end)),
  result.rules.min_metric,
)}
<h2>Features</h2>
<table><thead><tr><th>Feature</th><th>Type</th><th>Test</th><th>Statistic</th><th>Threshold</th><th>PSI</th><th>Verdict</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Drifted features</h2>
${histograms || '<p>None.</p>'}
<p>As of ${escapeHtml(result.as_of)}. Generated by mlops-actions drift-report.</p>
</body></html>
`;
}
