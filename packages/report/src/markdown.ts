import { escapeMarkdown, mermaidLabel } from './escape.js';

/** A cell: plain text is escaped; `{ md }` is trusted Markdown built by our own code. */
export type Cell = string | number | null | undefined | { md: string };

export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'object') return cell.md;
  if (typeof cell === 'number') return formatNumber(cell);
  return escapeMarkdown(cell);
}

/** A Markdown table; with `maxRows`, rows beyond it are cut and a note says how many. */
export function markdownTable(
  header: Cell[],
  rows: Cell[][],
  options: { maxRows?: number; align?: ('l' | 'r' | 'c')[] } = {},
): string {
  const shown =
    options.maxRows !== undefined && rows.length > options.maxRows ? rows.slice(0, options.maxRows) : rows;
  const align = header.map((_, i) => {
    const a = options.align?.[i] ?? 'l';
    return a === 'r' ? '---:' : a === 'c' ? ':---:' : '---';
  });
  const line = (cells: Cell[]) => `| ${cells.map(cellText).join(' | ')} |`;
  const out = [line(header), `| ${align.join(' | ')} |`, ...shown.map(line)];
  if (shown.length < rows.length) out.push('', `_${rows.length - shown.length} more rows not shown._`);
  return out.join('\n');
}

/** Numbers in reports: up to 4 significant decimals, no exponent for ordinary magnitudes. */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '–';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return value.toExponential(digits - 1);
  return Number(value.toFixed(digits)).toString();
}

export interface LineSeries {
  name: string;
  values: (number | null)[];
}

/**
 * A Mermaid xychart (renders in GitHub comments and summaries). Mermaid lines cannot have gaps, so an undefined point
 * (null) is drawn at the bottom of the y axis; callers say so next to the chart and list the values in a table.
 * Returns '' when there is nothing to draw.
 */
export function mermaidLineChart(
  title: string,
  xLabels: string[],
  series: LineSeries[],
  options: { yLabel?: string } = {},
): string {
  const numbers = series.flatMap((s) =>
    s.values.filter((v): v is number => v !== null && Number.isFinite(v)),
  );
  if (numbers.length === 0 || xLabels.length === 0) return '';
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const pad = (max - min) * 0.1 || Math.abs(max) * 0.1 || 0.1;
  const fmt = (v: number) => Number(v.toPrecision(6)).toString();
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title "${mermaidLabel(title)}"`,
    `  x-axis [${xLabels.map((l) => `"${mermaidLabel(l)}"`).join(', ')}]`,
    `  y-axis "${mermaidLabel(options.yLabel ?? '')}" ${fmt(min - pad)} --> ${fmt(max + pad)}`,
  ];
  for (const s of series) {
    // Mermaid has no gaps: an undefined point is drawn at the axis minimum, which the legend below explains.
    lines.push(
      `  line [${s.values.map((v) => (v === null || !Number.isFinite(v) ? fmt(min - pad) : fmt(v))).join(', ')}]`,
    );
  }
  lines.push('```');
  return lines.join('\n');
}
