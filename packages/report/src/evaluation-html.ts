import type { EvaluationResult } from '@mlops-actions/core';
import { escapeHtml } from './escape.js';
import {
  evaluationFormatters,
  evaluationWindowRows,
  improvementWords,
  intervalSentence,
} from './evaluation.js';
import { describeGaps, isoDay, percent } from './format.js';
import { htmlFigure, htmlLegend, htmlPage, htmlTable } from './html.js';
import { isBoundedMetric, metricDomain } from './scale.js';
import { svgImprovementRows, svgLineChart } from './svg.js';

const e = escapeHtml;

function windowsHtml(result: EvaluationResult, fmt: ReturnType<typeof evaluationFormatters>): string {
  const windows = [...result.challenger.windows].reverse();
  const champion = new Map(result.champion?.windows.map((w) => [w.k, w]) ?? []);
  const series = [
    ...(result.champion
      ? [
          {
            role: 'champion' as const,
            label: 'champion',
            values: windows.map((w) => champion.get(w.k)?.value ?? null),
          },
        ]
      : []),
    { role: 'challenger' as const, label: 'challenger', values: windows.map((w) => w.value) },
  ];
  const values = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const domain = metricDomain(values, isBoundedMetric(result.metric));
  const chart = svgLineChart({
    title: `${result.metric} per window`,
    xLabels: windows.map((w) => isoDay(w.end)),
    series,
    domain,
    format: fmt.metric,
  });
  const gaps = describeGaps(
    result.challenger.windows,
    (w) => w.value !== null && (!result.champion || (champion.get(w.k)?.value ?? null) !== null),
  );
  const legend = htmlLegend(series.map((s) => ({ role: s.role, label: s.label })));
  const rows = evaluationWindowRows(result, fmt).map((row) =>
    row.map((c) => (c.note ? `<span class="muted">${e(c.text)}</span>` : e(c.text))),
  );
  return `${htmlFigure(chart, `${legend} (window end dates, oldest to newest).${gaps ? ` Not plotted: ${e(gaps)}.` : ''}`)}
${htmlTable(['k', 'Window', 'Rows', 'Weight γ^k', 'Champion', 'Challenger', 'Improvement'], rows, { numeric: [true, false, true, true, true, true, true] })}`;
}

function uncertaintyHtml(result: EvaluationResult, fmt: ReturnType<typeof evaluationFormatters>): string {
  const b = result.bootstrap;
  const rows = [
    {
      label: `overall (γ-weighted score)${b && b.low !== null ? `, 95% ${b.method === 'influence' ? 'influence-function' : 'bootstrap'} interval ${fmt.signed(b.low)} to ${fmt.signed(b.high)}` : ''}`,
      value: result.improvement,
      low: b?.low ?? null,
      high: b?.high ?? null,
      role: 'challenger' as const,
    },
    ...result.slices.map((s) => ({
      label: `${s.column} = ${s.value} (${s.rows} rows)`,
      value: s.improvement,
      role: 'challenger' as const,
    })),
  ];
  const text = b
    ? `<p>${intervalSentence(
        b,
        e,
        (v) => e(fmt.signed(v)),
        (v) => e(fmt.signed(v)),
        ' to ',
      )}</p>`
    : '<p class="muted">No bootstrap (no champion, or bootstrap: 0).</p>';
  return `${text}${result.champion ? htmlFigure(svgImprovementRows(rows, fmt.metric), `Improvement of the challenger over the champion (right of the line: challenger better; ${result.higher_is_better ? 'higher' : 'lower'} ${e(result.metric)} is better). The bar is the overall 95% bootstrap interval.`) : ''}`;
}

function slicesHtml(result: EvaluationResult, fmt: ReturnType<typeof evaluationFormatters>): string {
  if (!result.slices.length) return '<p class="muted">No slice columns.</p>';
  const rows = result.slices.map((s) => [
    `<code>${e(s.column)}</code> = <code>${e(s.value)}</code>`,
    String(s.rows),
    e(fmt.metric(s.champion)),
    e(fmt.metric(s.challenger)),
    e(fmt.signed(s.improvement)),
    s.guarded
      ? s.holds === false
        ? '<span class="bad">regressed</span>'
        : s.holds
          ? '<span class="good">holds</span>'
          : 'not evaluable'
      : '',
  ]);
  const truncated = result.slices_truncated
    .map(
      (t) =>
        `<p class="muted">${t.values_not_shown} less frequent values of <code>${e(t.column)}</code> not evaluated.</p>`,
    )
    .join('');
  return `${htmlTable(['Slice', 'Rows', 'Champion', 'Challenger', 'Improvement', 'Guard'], rows, { numeric: [false, true, true, true, true, false] })}${truncated}`;
}

/** The evaluation as a self-contained HTML page (inline CSS and SVG, no script), every data value escaped. */
export function renderEvaluationHtml(result: EvaluationResult): string {
  const fmt = evaluationFormatters(result);
  const verdict = result.decision === 'promote' ? 'Promote the challenger' : 'Keep the champion';
  const compare =
    result.champion?.score == null
      ? `${e(result.metric)} ${e(fmt.metric(result.challenger.score))} (no champion to compare with)`
      : `${e(result.metric)} ${e(fmt.metric(result.challenger.score))} vs champion ${e(fmt.metric(result.champion.score))}: challenger ${e(improvementWords(result.improvement, fmt.metric))} (${result.higher_is_better ? 'higher' : 'lower'} is better)`;
  const run = result.run;
  const guards = result.guards.length
    ? `<ul>${result.guards.map((g) => `<li>${g.holds ? '<span class="good">holds</span>' : '<span class="bad">fails</span>'}: ${e(g.name)} (${e(g.detail)})</li>`).join('')}</ul>`
    : '';
  const body = `<h1>Champion vs challenger</h1>
<p class="verdict">${e(verdict)}: ${compare}</p>
<p>${e(result.reason)}</p>
${guards}
<dl class="facts"><dt>Commit</dt><dd>${run.sha ? `<code>${e(run.sha)}</code>` : '–'}</dd>
${run.run_url ? `<dt>Run</dt><dd><a href="${e(run.run_url)}">${e(run.run_id ?? run.run_url)}</a></dd>` : ''}
<dt>As of</dt><dd>${e(result.as_of)} (window ${e(result.window)}, ${result.max_windows} windows, γ = ${result.gamma}, ${result.normalize ? 'weighted mean' : 'weighted sum'})</dd>
<dt>Metric</dt><dd><code>${e(result.metric)}</code>, reproducible with <code>${e(result.metric_reference)}</code>${result.threshold !== undefined ? ` at threshold ${result.threshold}` : ''}</dd>
<dt>Rows</dt><dd>challenger ${result.data.challenger_rows}${result.data.champion_rows !== null ? `, champion ${result.data.champion_rows}, joined ${result.data.joined_rows} (${percent(result.data.join_rate)})` : ''}; ${result.rows_evaluated} in the evaluated windows</dd></dl>
<h2>${e(result.metric)} per window</h2>
${windowsHtml(result, fmt)}
<h2>Uncertainty and slices</h2>
${uncertaintyHtml(result, fmt)}
${slicesHtml(result, fmt)}
<p class="muted">Created ${e(result.created_at)} by mlops-actions evaluate-challenger.</p>`;
  return htmlPage(`Evaluation ${isoDay(result.as_of)}`, body);
}
