import type { EvaluationResult } from '@mlops-actions/core';
import { escapeMarkdown, inlineCode } from './escape.js';
import {
  collapseEmptyWindows,
  dayRange,
  describeGaps,
  describeWindowRun,
  metricFormatter,
  percent,
  signedFormatter,
  windowAxisLabels,
} from './format.js';
import { type Cell, markdownTable, provenanceLine } from './markdown.js';
import { mermaidXyChart } from './mermaid.js';
import { legendText } from './palette.js';
import { isBoundedMetric, metricDomain } from './scale.js';

/** Every metric value of an evaluation, so one formatter (one number of decimals) serves the whole report. */
export function evaluationFormatters(result: EvaluationResult) {
  const values = [
    result.challenger.score,
    result.champion?.score,
    ...result.challenger.windows.map((w) => w.value),
    ...(result.champion?.windows.map((w) => w.value) ?? []),
    ...result.slices.flatMap((s) => [s.champion, s.challenger]),
  ];
  const metric = metricFormatter(values);
  return { metric, signed: signedFormatter(metric) };
}

/** "better by 0.2343" / "worse by 0.0100" / "tied", oriented by the metric's direction. */
export function improvementWords(improvement: number | null, format: (v: number) => string): string {
  if (improvement === null) return 'not comparable';
  const text = format(Math.abs(improvement));
  if (!/[1-9]/.test(text)) return 'tied';
  return `${improvement > 0 ? 'better' : 'worse'} by ${text}`;
}

/** A table cell as text; `note` marks a reason a value is missing (shown in italics or muted). */
export interface TextCell {
  text: string;
  note?: boolean;
}

/**
 * The rows of the per-window table (newest first; runs of empty windows collapsed into one row without weights), as
 * text for the Markdown and HTML renderers: k, window, rows, weight, champion, challenger, improvement.
 */
export function evaluationWindowRows(
  result: EvaluationResult,
  fmt: ReturnType<typeof evaluationFormatters>,
): TextCell[][] {
  const champion = new Map(result.champion?.windows.map((w) => [w.k, w]) ?? []);
  const t = (text: string): TextCell => ({ text });
  const skipped = (reason: string | undefined): TextCell => ({ text: reason ?? 'not scored', note: true });
  return collapseEmptyWindows(result.challenger.windows).map((run) => {
    if (run.kind === 'empty') {
      const ks = run.windows.map((w) => w.k);
      const label = `${describeWindowRun(run.windows)}: no rows`;
      return [t(`${Math.min(...ks)}–${Math.max(...ks)}`), t(label), t('0'), t(''), t(''), t(''), t('')];
    }
    const w = run.window;
    const c = champion.get(w.k);
    const delta =
      c?.value != null && w.value !== null
        ? result.higher_is_better
          ? w.value - c.value
          : c.value - w.value
        : null;
    return [
      t(String(w.k)),
      t(dayRange(w.start, w.end)),
      t(String(w.rows)),
      // A window without a value contributes nothing, whatever its weight.
      t(w.value === null ? '' : String(Number(w.weight.toPrecision(3)))),
      result.champion ? (c?.value == null ? skipped(c?.skipped) : t(fmt.metric(c.value))) : t('–'),
      w.value === null ? skipped(w.skipped) : t(fmt.metric(w.value)),
      t(fmt.signed(delta)),
    ];
  });
}

function windowTable(result: EvaluationResult, fmt: ReturnType<typeof evaluationFormatters>): string {
  const rows: Cell[][] = evaluationWindowRows(result, fmt).map((row) =>
    row.map((c): Cell => (c.note ? { md: `_${escapeMarkdown(c.text)}_` } : c.text)),
  );
  rows.push([
    { md: '**score**' },
    { md: `γ = ${result.gamma}, ${result.normalize ? 'weighted mean' : 'weighted sum'}` },
    result.rows_evaluated,
    '',
    { md: `**${fmt.metric(result.champion?.score)}**` },
    { md: `**${fmt.metric(result.challenger.score)}**` },
    { md: `**${fmt.signed(result.improvement)}**` },
  ]);
  return markdownTable(['k', 'window', 'rows', 'weight', 'champion', 'challenger', 'improvement'], rows, {
    align: ['r', 'l', 'r', 'r', 'r', 'r', 'r'],
  });
}

/** The per-window chart: only windows where every drawn model has a value, the others named under it. */
function windowChart(result: EvaluationResult): string[] {
  const champion = new Map(result.champion?.windows.map((w) => [w.k, w.value]) ?? []);
  const hasValue = (w: { k: number; value: number | null }) =>
    w.value !== null && (!result.champion || (champion.get(w.k) ?? null) !== null);
  const plotted = result.challenger.windows.filter(hasValue).reverse();
  if (!plotted.length) return [];
  const series = [
    ...(result.champion
      ? [{ role: 'champion' as const, values: plotted.map((w) => champion.get(w.k)!) }]
      : []),
    { role: 'challenger' as const, values: plotted.map((w) => w.value!) },
  ];
  const domain = metricDomain(
    series.flatMap((s) => s.values),
    isBoundedMetric(result.metric),
  );
  const chart = mermaidXyChart({
    title: `${result.metric} per window, ${dayRange(plotted[0]!.start, plotted[plotted.length - 1]!.end)}`,
    xLabels: windowAxisLabels(plotted.map((w) => w.end)),
    yLabel: result.metric,
    y: [domain.lo, domain.hi],
    series,
  });
  const legend = legendText(
    result.champion
      ? [
          { role: 'champion', label: 'champion' },
          { role: 'challenger', label: 'challenger' },
        ]
      : [{ role: 'challenger', label: 'challenger' }],
  );
  const gaps = describeGaps(result.challenger.windows, hasValue);
  return [
    chart,
    '',
    `_Lines, oldest to newest (window end dates): ${legend}.${gaps ? ` Not plotted: ${escapeMarkdown(gaps)}.` : ''}_`,
    '',
  ];
}

/**
 * The uncertainty sentence of both reports: which interval, why, and what it says. `neutralise` escapes the stated
 * reason for the target format; `low`/`high` format the endpoints and `sep` joins them.
 */
export function intervalSentence(
  b: NonNullable<EvaluationResult['bootstrap']>,
  neutralise: (text: string) => string,
  low: (v: number) => string,
  high: (v: number) => string,
  sep: string,
): string {
  const interval = b.low === null || b.high === null ? 'undefined' : `${low(b.low)}${sep}${high(b.high)}`;
  if (b.method === 'influence')
    return `Influence-function interval (DeLong-type, no resampling; ${neutralise(b.method_reason ?? 'bootstrap-method: influence')}; set bootstrap-method: poisson to resample): 95% interval of the challenger's improvement ${interval}, standard error ${b.standard_error === null ? 'undefined' : Number(b.standard_error.toPrecision(3))}; the challenger is better with probability ${percent(b.share_challenger_better)} (normal approximation).`;
  return `Paired bootstrap (${b.resamples} resamples, seed ${b.seed}): 95% interval of the challenger's improvement ${interval}; the challenger is better in ${percent(b.share_challenger_better)} of resamples${b.undefined_resamples ? ` (${b.undefined_resamples} resamples with an undefined score left out)` : ''}.${b.method_reason ? ` Method: ${neutralise(b.method_reason)}.` : ''}`;
}

/** The evaluation report (sticky comment and job summary): decision first, then windows, slices, bootstrap. */
export function renderEvaluationReport(
  result: EvaluationResult,
  options: { maxSliceRows?: number } = {},
): string {
  const fmt = evaluationFormatters(result);
  const metric = inlineCode(result.metric);
  const champ = result.champion?.score ?? null;
  const chall = result.challenger.score;
  const icon = result.decision === 'promote' ? '✅' : '⏸️';
  const verb = result.decision === 'promote' ? 'Promote the challenger' : 'Keep the champion';
  const headline =
    champ === null
      ? `### ${icon} ${verb}: ${metric} ${fmt.metric(chall)} (no champion to compare with)`
      : `### ${icon} ${verb}: ${metric} ${fmt.metric(chall)} vs champion ${fmt.metric(champ)} (challenger ${improvementWords(result.improvement, fmt.metric)}; ${result.higher_is_better ? 'higher' : 'lower'} is better)`;
  const out: string[] = [
    headline,
    '',
    provenanceLine(result.run, result.as_of),
    '',
    `> ${escapeMarkdown(result.reason)}`,
    '',
  ];

  out.push(
    `#### ${metric} per window (window ${inlineCode(result.window)}, newest first)`,
    '',
    windowTable(result, fmt),
    '',
    ...windowChart(result),
  );

  if (result.slices.length) {
    const sliceRows = result.slices.map((s): Cell[] => [
      `${s.column} = ${s.value}`,
      s.rows,
      fmt.metric(s.champion),
      fmt.metric(s.challenger),
      fmt.signed(s.improvement),
      s.guarded ? (s.holds === false ? '❌ regressed' : s.holds ? '✅ holds' : 'not evaluable') : '',
    ]);
    out.push(
      '#### Slices',
      '',
      markdownTable(['slice', 'rows', 'champion', 'challenger', 'improvement', 'guard'], sliceRows, {
        maxRows: options.maxSliceRows ?? 100,
        align: ['l', 'r', 'r', 'r', 'r', 'l'],
      }),
      '',
    );
    for (const t of result.slices_truncated)
      out.push(
        `_${t.values_not_shown} less frequent values of ${escapeMarkdown(t.column)} not evaluated._`,
        '',
      );
  }

  if (result.bootstrap) {
    const b = result.bootstrap;
    out.push(
      '#### Uncertainty',
      '',
      intervalSentence(
        b,
        escapeMarkdown,
        (v) => `[${fmt.signed(v)}`,
        (v) => `${fmt.signed(v)}]`,
        ', ',
      ),
      '',
    );
  }
  // The evidence statement (core's promotionDecision): whether it was enough, and how much more data would do.
  if (result.evidence) out.push(`**Evidence:** ${escapeMarkdown(result.evidence.statement)}`, '');
  const skipped = result.challenger.windows.filter((w) => w.value === null).length;
  const details = [
    `- metric: ${metric}, reproducible with ${inlineCode(result.metric_reference)}${result.threshold !== undefined ? ` at threshold ${result.threshold}` : ''}`,
    `- score = Σ w_k·m_k ${result.normalize ? '/ Σ w_k ' : ''}over windows with a defined metric, w_k = γ^k, γ = ${result.gamma}; ${skipped} of ${result.max_windows} windows skipped`,
    `- rows: challenger ${result.data.challenger_rows}${result.data.champion_rows !== null ? `, champion ${result.data.champion_rows}, joined ${result.data.joined_rows} (${percent(result.data.join_rate ?? 0)})` : ''}`,
  ];
  out.push('<details><summary>How this was computed</summary>', '', ...details, '', '</details>', '');
  return out.join('\n');
}
