import { type DriftResult, driftSeverity, type FeatureDrift } from '@mlops-actions/core';
import { effectText, estimateText, policyText, verdictText } from './drift-text.js';
import { escapeMarkdown, inlineCode } from './escape.js';
import {
  collapseEmptyWindows,
  dayRange,
  describeGaps,
  describeWindowRun,
  metricFormatter,
  percent,
  windowAxisLabels,
} from './format.js';
import { type Cell, formatNumber, markdownTable, provenanceLine } from './markdown.js';
import { mermaidXyChart } from './mermaid.js';
import { legendText } from './palette.js';
import { isBoundedMetric, metricDomain } from './scale.js';
import { numericEdges } from './svg.js';

/** Features sorted by how far past their threshold they are (drifted first). */
export function featuresBySeverity(result: DriftResult): FeatureDrift[] {
  return Object.values(result.features).sort(
    (a, b) => driftSeverity(b) - driftSeverity(a) || (a.name < b.name ? -1 : 1),
  );
}

/** The metric formatter of a drift result: one number of decimals for every window value and rule. */
export function driftMetricFormatter(result: DriftResult) {
  return metricFormatter([
    ...result.performance.windows.map((w) => w.value),
    result.rules.min_metric,
    result.rules.baseline_metric,
  ]);
}

/** The verdict headline of a drift result (Markdown and HTML). */
export function driftVerdict(result: DriftResult): string {
  return result.retrain
    ? 'Retrain now'
    : result.dataset_drift
      ? 'Dataset drift, no retraining rule fired'
      : 'No retraining needed';
}

function verdict(result: DriftResult): string {
  const fmt = driftMetricFormatter(result);
  const drifted = result.drifted_features.length;
  const total = Object.keys(result.features).length;
  const icon = result.retrain ? '🔁' : result.dataset_drift ? '⚠️' : '✅';
  const latest = result.performance.latest;
  const perf = latest
    ? `${inlineCode(result.metric)} ${fmt(latest.value)} in the latest scored window (${dayRange(latest.start, latest.end)})`
    : 'no window was scored';
  const run = provenanceLine(result.run, result.as_of);
  const excluded = result.excluded_features ?? [];
  return [
    `### ${icon} ${driftVerdict(result)}`,
    '',
    run,
    '',
    `> ${escapeMarkdown(result.retrain_reason)}`,
    '',
    `- Performance: ${perf}.`,
    `- Feature drift: ${drifted} of ${total} features drifted (${percent(result.drift_share)}; dataset drift at ${percent(result.drift_share_threshold)})${drifted ? `: ${result.drifted_features.slice(0, 10).map(inlineCode).join(', ')}${drifted > 10 ? `, and ${drifted - 10} more` : ''}` : ''}.`,
    ...(excluded.length
      ? [
          `- Not compared (ID-like; list them in \`features\` to compare them): ${excluded
            .slice(0, 10)
            .map((e) => `${inlineCode(e.name)} (${escapeMarkdown(e.reason)})`)
            .join(', ')}${excluded.length > 10 ? `, and ${excluded.length - 10} more` : ''}.`,
        ]
      : []),
  ].join('\n');
}

/** "0.0575 (p = 0.337, adjusted 0.9)" for p-value tests, the statistic alone for distances. */
export function statisticText(f: FeatureDrift): string {
  if (f.p_value === null) return formatNumber(f.statistic);
  const adjusted =
    f.p_value_adjusted != null && f.p_value_adjusted !== f.p_value
      ? `, adjusted ${formatNumber(f.p_value_adjusted, 3)}`
      : '';
  return `${formatNumber(f.statistic)} (p = ${formatNumber(f.p_value, 3)}${adjusted})`;
}

function performanceSection(result: DriftResult): string[] {
  const fmt = driftMetricFormatter(result);
  const windows = result.performance.windows;
  const out = ['#### Performance per window', ''];
  const scored = windows.filter((w) => w.value !== null).reverse();
  if (scored.length) {
    const threshold = result.rules.min_metric;
    const series = [
      { role: 'champion' as const, values: scored.map((w) => w.value!) },
      ...(threshold !== null ? [{ role: 'threshold' as const, values: scored.map(() => threshold) }] : []),
    ];
    const domain = metricDomain(
      series.flatMap((s) => s.values),
      isBoundedMetric(result.metric),
    );
    out.push(
      mermaidXyChart({
        title: `${result.metric} per window, ${dayRange(scored[0]!.start, scored[scored.length - 1]!.end)}`,
        xLabels: windowAxisLabels(scored.map((w) => w.end)),
        yLabel: result.metric,
        y: [domain.lo, domain.hi],
        series,
      }),
      '',
    );
    const legend = legendText([
      { role: 'champion', label: `${escapeMarkdown(result.metric)} of the model` },
      ...(threshold !== null ? [{ role: 'threshold' as const, label: `min-metric ${fmt(threshold)}` }] : []),
    ]);
    const gaps = describeGaps(windows, (w) => windows.find((x) => x.k === w.k)?.value !== null);
    out.push(
      `_Oldest to newest (window end dates): ${legend}.${gaps ? ` Not plotted: ${escapeMarkdown(gaps)}.` : ''}_`,
      '',
    );
  }
  const rows: Cell[][] = collapseEmptyWindows(windows).map((run): Cell[] => {
    if (run.kind === 'empty') return [`${describeWindowRun(run.windows)}: no rows`, 0, '', '', ''];
    const w = run.window;
    return [
      dayRange(w.start, w.end),
      w.rows,
      w.labeled,
      percent(w.coverage),
      w.value !== null
        ? fmt(w.value)
        : w.estimated
          ? estimateText(w, fmt)
          : { md: `_${escapeMarkdown(w.skipped ?? 'not scored')}_` },
    ];
  });
  out.push(
    markdownTable(['Window', 'Rows', 'Labelled', 'Coverage', result.metric], rows, {
      maxRows: 30,
      align: ['l', 'r', 'r', 'r', 'r'],
    }),
    '',
  );
  return out;
}

/** Markdown for the job summary and the pull-request comment: verdict first, trend, features, histograms. */
export function renderDriftSummary(result: DriftResult, options: { topHistograms?: number } = {}): string {
  const out = [verdict(result), ''];
  if (result.performance.windows.some((w) => w.rows > 0)) out.push(...performanceSection(result));
  const features = featuresBySeverity(result);
  if (features.length) {
    out.push('#### Features, most drifted first', '');
    const rows: Cell[][] = features.map((f) => [
      { md: inlineCode(f.name) },
      f.type,
      `${f.test}${f.method === 'summary' ? ' (summary)' : ''}`,
      statisticText(f),
      effectText(f),
      formatNumber(f.threshold),
      formatNumber(f.psi),
      `${percent(f.current.missing_share)}${f.unseen_categories?.count ? `, ${f.unseen_categories.count} unseen` : ''}`,
      { md: f.drift ? '**drift**' : verdictText(f) },
    ]);
    if (result.drift_policy) out.push(policyText(result.drift_policy), '');
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
      `Prediction drift (score distribution, current vs older windows): ${p.test} ${statisticText(p)}, threshold ${formatNumber(p.threshold)}: ${p.drift ? '**drift**' : 'ok'}.`,
      '',
    );
  }
  const top = features.filter((f) => f.drift).slice(0, options.topHistograms ?? 3);
  for (const f of top) {
    out.push(
      `#### ${inlineCode(f.name)}: reference vs current`,
      '',
      mermaidBars(f),
      '',
      ...(f.type === 'categorical' && categoryKeys(f.histogram.bins)
        ? [`_Categories: ${f.histogram.bins.map((b, i) => `c${i + 1} = ${inlineCode(b)}`).join(', ')}._`, '']
        : []),
      `_Share of rows per ${f.type === 'numeric' ? 'reference decile bin (labelled by its lower edge)' : 'category'} (%): ${legendText(
        [
          { role: 'reference', label: 'reference (bars)' },
          { role: 'current', label: 'current (line)' },
        ],
      )}._`,
      '',
    );
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

/**
 * Axis labels short enough that ten fit side by side: numeric bins by their lower edge at 3 significant digits
 * ("< 84", "84", "200", …), the bins' full ranges being in the HTML report; categories whole.
 */
function binAxisLabels(bins: string[]): string[] {
  const edges = numericEdges(bins);
  if (!edges) return categoryKeys(bins) ? bins.map((_, i) => `c${i + 1}`) : bins;
  const short = (e: string) => (Number.isFinite(Number(e)) ? String(Number(Number(e).toPrecision(3))) : e);
  return [`< ${short(edges[0]!)}`, ...edges.map(short)];
}

/**
 * Whether category names are too long to sit side by side under a ~700 px chart: then the axis shows c1, c2, …
 * and a key under the chart names each category in full (never cut).
 */
function categoryKeys(bins: string[]): boolean {
  const room = 700 / Math.max(1, bins.length) / 7.5 - 1;
  return bins.some((b) => b.length > room);
}

/** A Mermaid chart of reference (bars) and current (line) shares per bin. */
function mermaidBars(f: FeatureDrift): string {
  const pct = (v: number) => v * 100;
  const max = Math.max(...f.histogram.reference, ...f.histogram.current, 0.01) * 100;
  return mermaidXyChart({
    title: `${f.name}: share of rows per bin (%)`,
    xLabels: binAxisLabels(f.histogram.bins),
    yLabel: 'share %',
    y: [0, Number((max * 1.1).toPrecision(3))],
    series: [
      { role: 'reference', kind: 'bar', values: f.histogram.reference.map(pct) },
      { role: 'current', values: f.histogram.current.map(pct) },
    ],
  });
}
