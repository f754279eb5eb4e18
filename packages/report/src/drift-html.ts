import type { DriftResult, FeatureDrift } from '@mlops-actions/core';
import { driftMetricFormatter, driftVerdict, featuresBySeverity, statisticText } from './drift.js';
import { effectText, estimateText, policyText, verdictText } from './drift-text.js';
import { escapeHtml } from './escape.js';
import {
  collapseEmptyWindows,
  dayRange,
  describeGaps,
  describeWindowRun,
  isoDay,
  percent,
} from './format.js';
import { htmlFigure, htmlLegend, htmlPage, htmlTable } from './html.js';
import { formatNumber } from './markdown.js';
import { isBoundedMetric, metricDomain } from './scale.js';
import { svgHistogram, svgLineChart } from './svg.js';

const e = escapeHtml;

function performanceHtml(result: DriftResult): string {
  const windows = [...result.performance.windows].reverse();
  if (!windows.some((w) => w.rows > 0)) return '<p>No outcomes joined: performance was not computed.</p>';
  const fmt = driftMetricFormatter(result);
  const threshold = result.rules.min_metric;
  const values = windows.map((w) => w.value);
  const domain = metricDomain(
    [...values.filter((v): v is number => v !== null), ...(threshold !== null ? [threshold] : [])],
    isBoundedMetric(result.metric),
  );
  const chart = values.some((v) => v !== null)
    ? svgLineChart({
        title: `${result.metric} per window`,
        xLabels: windows.map((w) => isoDay(w.end)),
        series: [{ role: 'champion', label: result.metric, values }],
        domain,
        format: fmt,
        threshold:
          threshold !== null ? { value: threshold, label: `min-metric ${fmt(threshold)}` } : undefined,
      })
    : '';
  const gaps = describeGaps(
    result.performance.windows,
    (w) => values[windows.findIndex((x) => x.k === w.k)] !== null,
  );
  const caption = `${htmlLegend([
    { role: 'champion', label: `${result.metric} (window end dates, oldest to newest)` },
    ...(threshold !== null ? [{ role: 'threshold' as const, label: 'min-metric' }] : []),
  ])}${gaps ? ` Not plotted: ${e(gaps)}.` : ''} Windows need ${percent(result.performance.min_label_coverage)} label coverage to be scored.`;
  const rows = collapseEmptyWindows(result.performance.windows).map((run) => {
    if (run.kind === 'empty') return [e(`${describeWindowRun(run.windows)}: no rows`), '0', '', '', ''];
    const w = run.window;
    return [
      e(dayRange(w.start, w.end)),
      String(w.rows),
      String(w.labeled),
      percent(w.coverage),
      w.value !== null
        ? e(fmt(w.value))
        : w.estimated
          ? `<span class="estimate">${e(estimateText(w, fmt))}</span>`
          : `<span class="muted">${e(w.skipped ?? 'not scored')}</span>`,
    ];
  });
  const estimates = result.performance.windows.some((w) => w.value === null && w.estimated)
    ? '<p class="muted">≈ marks an estimate for a window whose labels are not in yet (confidence-based, from the scores; 95% interval): it is not a measured value.</p>'
    : '';
  const join = result.performance.join;
  return `${chart ? htmlFigure(chart, caption) : `<p>No window was scored. ${e(gaps)}</p>`}
${htmlTable(['Window (newest first)', 'Rows', 'Labelled', 'Label coverage', result.metric], rows, { numeric: [false, true, true, true, true] })}
${estimates}
${join ? `<p class="muted">Outcomes joined: ${join.matched} of ${join.predictions} predictions (${join.outcomes} outcomes read).</p>` : ''}`;
}

function facts(f: FeatureDrift): string {
  const items: [string, string][] = [
    [
      'Verdict',
      f.drift
        ? '<span class="bad">drift</span>'
        : f.insufficient_data
          ? `<span class="muted">insufficient data (fewer than ${f.insufficient_data.minimum} values on a side)</span>`
          : '<span class="good">no drift</span>',
    ],
    ['Type', e(f.type)],
    ['Test', `${e(f.test)}${f.method === 'summary' ? ' (against a quantile summary: approximate)' : ''}`],
    ['Statistic', e(formatNumber(f.statistic))],
    ['p-value', f.p_value === null ? '– (a distance, no p-value)' : e(formatNumber(f.p_value, 3))],
    [
      'Adjusted p-value',
      f.p_value_adjusted == null ? '– (not in the corrected family)' : e(formatNumber(f.p_value_adjusted, 3)),
    ],
    ['Effect (minimum; detectable shift)', e(effectText(f))],
    [
      'Threshold',
      `${e(formatNumber(f.threshold))} (${f.p_value === null ? 'drift when the statistic ≥ threshold' : 'drift when p < threshold'})`,
    ],
    ['PSI', e(formatNumber(f.psi))],
    [
      'Reference',
      `${f.reference.count} values, ${f.reference.missing} missing (${percent(f.reference.missing_share)})`,
    ],
    [
      'Current',
      `${f.current.count} values, ${f.current.missing} missing (${percent(f.current.missing_share)})`,
    ],
  ];
  if (f.type === 'categorical')
    items.push([
      'Unseen categories',
      f.unseen_categories?.count
        ? `${f.unseen_categories.count} current rows in categories absent from the reference: ${f.unseen_categories.values.map((v) => `<code>${e(v)}</code>`).join(', ')}`
        : 'none',
    ]);
  return `<dl class="facts">${items.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/** One feature: its facts and its reference vs current distribution. */
function featureSection(f: FeatureDrift, open: boolean): string {
  // The colour key is stated once per page (in the Features section); each chart names its bins.
  const scale =
    f.type === 'numeric' ? 'reference deciles, labelled by their edges' : 'most frequent categories';
  return `<details${open ? ' open' : ''}><summary><code>${e(f.name)}</code>: ${f.drift ? '<span class="bad">drift</span>' : 'no drift'} (${e(f.test)} ${e(statisticText(f))})</summary>
${facts(f)}${htmlFigure(svgHistogram(f.histogram, f.name), `Share of rows per bin (${scale}): grey reference, blue current.`)}</details>`;
}

/** A self-contained HTML report (inline CSS and SVG, no scripts), every data value escaped. */
export function renderDriftHtml(result: DriftResult): string {
  const features = featuresBySeverity(result);
  const drifted = features.filter((f) => f.drift);
  const rest = features.filter((f) => !f.drift);
  const excluded = result.excluded_features ?? [];
  const summaryRows = features.map((f) => [
    `<code>${e(f.name)}</code>`,
    e(f.type),
    e(`${f.test}${f.method === 'summary' ? ' (summary)' : ''}`),
    e(formatNumber(f.statistic)),
    f.p_value === null ? '–' : e(formatNumber(f.p_value, 3)),
    f.p_value_adjusted == null ? '–' : e(formatNumber(f.p_value_adjusted, 3)),
    e(effectText(f)),
    e(formatNumber(f.threshold)),
    e(formatNumber(f.psi)),
    `${f.current.count} / ${f.reference.count}`,
    `${percent(f.current.missing_share)}${f.unseen_categories?.count ? `, ${f.unseen_categories.count} unseen` : ''}`,
    f.drift ? '<span class="bad">drift</span>' : e(verdictText(f)),
  ]);
  const p = result.prediction;
  const body = `<h1>Drift report</h1>
<p class="verdict">${e(driftVerdict(result))}</p>
<p>${e(result.retrain_reason)}</p>
<dl class="facts"><dt>As of</dt><dd>${e(result.as_of)} (window ${e(result.window)})</dd>
<dt>Current window</dt><dd>${e(dayRange(result.current.start, result.current.end))}, ${result.current.rows} rows</dd>
<dt>Reference</dt><dd>${result.reference ? `${e(result.reference.source)} (${e(result.reference.kind)})` : 'none'}</dd>
<dt>Feature drift</dt><dd>${result.drifted_features.length} of ${features.length} features (${percent(result.drift_share)}; dataset drift at ${percent(result.drift_share_threshold)}): ${result.dataset_drift ? '<span class="bad">dataset drift</span>' : 'no dataset drift'}</dd>
${result.run.run_url ? `<dt>Run</dt><dd><a href="${e(result.run.run_url)}">${e(result.run.run_id ?? result.run.run_url)}</a></dd>` : ''}</dl>
<h2>${e(result.metric)} per window</h2>
${performanceHtml(result)}
<h2>Prediction drift</h2>
${
  p
    ? `<p>Score distribution, current window vs older windows: ${e(p.test)} ${e(statisticText(p))}, threshold ${e(formatNumber(p.threshold))}: ${p.drift ? '<span class="bad">drift</span>' : 'no drift'}; ${p.current.count} current and ${p.reference.count} older scores.</p>${htmlFigure(
        svgHistogram(p.histogram, 'score'),
        `Share of scores per bin: ${htmlLegend([
          { role: 'reference', label: 'older windows' },
          { role: 'current', label: 'current window' },
        ])}.`,
      )}`
    : '<p>Not computed: no older windows to compare the scores with.</p>'
}
<h2>Features</h2>
<p>${htmlLegend([
    { role: 'reference', label: 'reference' },
    { role: 'current', label: 'current window' },
  ])} in every distribution chart below.</p>
${result.drift_policy ? `<p class="policy">${e(policyText(result.drift_policy))}</p>` : ''}
${features.length ? htmlTable(['Feature', 'Type', 'Test', 'Statistic', 'p-value', 'Adjusted p', 'Effect (min; detectable)', 'Threshold', 'PSI', 'Rows (current / reference)', 'Missing (current)', 'Verdict'], summaryRows, { numeric: [false, false, false, true, true, true, false, true, true, true, false, false], rowClass: (i) => (features[i]!.drift ? 'drift' : '') }) : '<p>No feature was compared.</p>'}
${excluded.length ? `<p>Not compared (ID-like; list them in <code>features</code> to compare them): ${excluded.map((x) => `<code>${e(x.name)}</code> (${e(x.reason)})`).join(', ')}.</p>` : ''}
<h2>Drifted features</h2>
${drifted.length ? drifted.map((f) => featureSection(f, true)).join('\n') : '<p>None.</p>'}
${rest.length ? `<h2>Features without drift</h2>\n<details><summary>${rest.length} features</summary>\n${rest.map((f) => featureSection(f, false)).join('\n')}\n</details>` : ''}
${result.warnings.length ? `<h2>Warnings</h2><ul>${result.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>` : ''}
<p class="muted">Created ${e(result.created_at)} by mlops-actions drift-report.</p>`;
  return htmlPage(`Drift report ${isoDay(result.as_of)}`, body);
}
