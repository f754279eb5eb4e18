import { mermaidPaletteInit, type PaletteRole } from './palette.js';

/**
 * Text inside a quoted Mermaid string, kept whole and readable: characters Mermaid or the page could act on become
 * Mermaid entity codes (`#lt;`, `#35;`), which Mermaid decodes back to the character and renders as text. Nothing is
 * stripped or cut, so "< 84" stays "< 84" and a long feature name stays whole.
 */
export function mermaidText(text: string): string {
  return String(text)
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/#/g, '#35;')
    .replace(/["<>&`%{}[\]\\]/g, (ch) => `#${ch.charCodeAt(0)};`);
}

/** A number as Mermaid data: 6 significant digits, no exponent for ordinary magnitudes. */
const num = (v: number) => Number(v.toPrecision(6)).toString();

export interface MermaidSeries {
  role: PaletteRole;
  kind?: 'line' | 'bar';
  /** One value per x label; every value must be finite (callers plot only points with data). */
  values: number[];
}

/**
 * A Mermaid xychart with the project's palette (series coloured by role, in declaration order). Mermaid cannot draw a
 * gap, so callers pass only the x positions that have data and state the others next to the chart. Returns '' when
 * there is no point to draw.
 */
export function mermaidXyChart(chart: {
  title: string;
  xLabels: string[];
  yLabel: string;
  y: [number, number];
  series: MermaidSeries[];
}): string {
  if (chart.xLabels.length === 0) return '';
  for (const s of chart.series)
    if (s.values.length !== chart.xLabels.length || !s.values.every(Number.isFinite))
      throw new Error(`mermaidXyChart: series ${s.role} has non-finite or missing points`);
  return [
    '```mermaid',
    mermaidPaletteInit(chart.series.map((s) => s.role)),
    'xychart-beta',
    `  title "${mermaidText(chart.title)}"`,
    `  x-axis [${chart.xLabels.map((l) => `"${mermaidText(l)}"`).join(', ')}]`,
    `  y-axis "${mermaidText(chart.yLabel)}" ${num(chart.y[0])} --> ${num(chart.y[1])}`,
    ...chart.series.map((s) => `  ${s.kind ?? 'line'} [${s.values.map(num).join(', ')}]`),
    '```',
  ].join('\n');
}
