import type { EvaluationResult } from '@mlops-actions/core';
import { escapeMarkdown, inlineCode } from './escape.js';
import { type Cell, formatNumber, markdownTable, mermaidLineChart } from './markdown.js';

const signed = (v: number | null) => (v === null ? '–' : `${v > 0 ? '+' : ''}${formatNumber(v)}`);
const day = (iso: string) => iso.slice(0, 10);

/** The evaluation report (sticky comment and job summary): decision first, then windows, slices, bootstrap. */
export function renderEvaluationReport(
  result: EvaluationResult,
  options: { maxSliceRows?: number } = {},
): string {
  const metric = inlineCode(result.metric);
  const champ = result.champion?.score ?? null;
  const chall = result.challenger.score;
  const icon = result.decision === 'promote' ? '✅' : '⏸️';
  const verb = result.decision === 'promote' ? 'Promote the challenger' : 'Keep the champion';
  const headline =
    champ === null
      ? `### ${icon} ${verb}: ${metric} ${formatNumber(chall)} (no champion to compare with)`
      : `### ${icon} ${verb}: ${metric} ${formatNumber(chall)} vs champion ${formatNumber(champ)} (${signed(result.improvement)} ${result.higher_is_better ? 'higher' : 'lower'} is better)`;
  const out: string[] = [headline, '', `> ${escapeMarkdown(result.reason)}`, ''];

  const rows: Cell[][] = result.challenger.windows.map((w, k) => {
    const c = result.champion?.windows[k];
    const delta =
      c?.value !== null && c?.value !== undefined && w.value !== null
        ? result.higher_is_better
          ? w.value - c.value
          : c.value - w.value
        : null;
    return [
      String(w.k),
      `${day(w.start)} → ${day(w.end)}`,
      w.rows,
      formatNumber(w.weight),
      result.champion ? (c?.value ?? { md: `_skipped: ${escapeMarkdown(c?.skipped ?? '')}_` }) : '–',
      w.value ?? { md: `_skipped: ${escapeMarkdown(w.skipped ?? '')}_` },
      signed(delta),
    ];
  });
  rows.push([
    { md: '**score**' },
    { md: `γ = ${formatNumber(result.gamma)}, ${result.normalize ? 'weighted mean' : 'weighted sum'}` },
    result.rows_evaluated,
    '',
    { md: `**${formatNumber(champ)}**` },
    { md: `**${formatNumber(chall)}**` },
    { md: `**${signed(result.improvement)}**` },
  ]);
  out.push(
    `#### ${metric} per window (window ${inlineCode(result.window)}, newest first, as of ${day(result.as_of)})`,
    '',
    markdownTable(['k', 'window', 'rows', 'weight', 'champion', 'challenger', 'improvement'], rows, {
      align: ['r', 'l', 'r', 'r', 'r', 'r', 'r'],
    }),
    '',
  );

  const labels = result.challenger.windows.map((w) => day(w.end)).reverse();
  const series = [{ name: 'challenger', values: result.challenger.windows.map((w) => w.value).reverse() }];
  if (result.champion)
    series.unshift({ name: 'champion', values: result.champion.windows.map((w) => w.value).reverse() });
  const chart = mermaidLineChart(`${result.metric} per window`, labels, series, { yLabel: result.metric });
  if (chart) {
    out.push(
      chart,
      '',
      `_Lines, oldest to newest: ${result.champion ? 'first champion, then challenger' : 'challenger'}. Skipped windows are drawn at the bottom of the axis._`,
      '',
    );
  }

  if (result.slices.length) {
    const sliceRows = result.slices.map((s): Cell[] => [
      `${s.column} = ${s.value}`,
      s.rows,
      s.champion,
      s.challenger,
      signed(s.improvement),
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
      `Paired bootstrap (${b.resamples} resamples, seed ${b.seed}): 95% interval of the challenger's improvement ${b.low === null ? 'undefined' : `[${signed(b.low)}, ${signed(b.high)}]`}; the challenger is better in ${b.share_challenger_better === null ? '–' : `${formatNumber(b.share_challenger_better * 100, 3)}%`} of resamples${b.undefined_resamples ? ` (${b.undefined_resamples} resamples with an undefined score left out)` : ''}.`,
      '',
    );
  }
  // The evidence statement (core's promotionDecision): whether it was enough, and how much more data would do.
  if (result.evidence) out.push(`**Evidence:** ${escapeMarkdown(result.evidence.statement)}`, '');
  const skipped = result.challenger.windows.filter((w) => w.value === null).length;
  const details = [
    `- metric: ${metric}, reproducible with ${inlineCode(result.metric_reference)}${result.threshold !== undefined ? ` at threshold ${formatNumber(result.threshold)}` : ''}`,
    `- score = Σ w_k·m_k ${result.normalize ? '/ Σ w_k ' : ''}over windows with a defined metric, w_k = γ^k, γ = ${formatNumber(result.gamma)}; ${skipped} of ${result.max_windows} windows skipped`,
    `- rows: challenger ${result.data.challenger_rows}${result.data.champion_rows !== null ? `, champion ${result.data.champion_rows}, joined ${result.data.joined_rows} (${formatNumber((result.data.join_rate ?? 0) * 100, 4)}%)` : ''}`,
  ];
  if (result.run.run_url)
    details.push(
      `- run: [${escapeMarkdown(result.run.run_id ?? '')}](${encodeURI(result.run.run_url)}) at ${escapeMarkdown((result.run.sha ?? '').slice(0, 7))}`,
    );
  out.push('<details><summary>How this was computed</summary>', '', ...details, '', '</details>', '');
  return out.join('\n');
}
