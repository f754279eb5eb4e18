import { escapeHtml } from './escape.js';
import { PALETTE, type PaletteRole } from './palette.js';

/**
 * Inline SVG charts for the HTML reports: no script, colours from the palette, text styled by the page's CSS (light
 * and dark). Axis labels are thinned to what fits, so no two labels overlap; every value is also in a tooltip and a
 * table next to the chart.
 */

/** Approximate width of a label at the axis font size (11 px): wide enough for digits and capitals. */
const textWidth = (text: string) => text.length * 6.6;
// Coordinates to 0.1 px, without a trailing .0: reports with hundreds of charts stay small.
const f1 = (v: number) => String(Math.round(v * 10) / 10);

/** Every k-th index so labels of this many characters fit in slots of this width, always keeping the last one. */
function thinnedIndexes(labels: string[], slot: number): Set<number> {
  const widest = Math.max(0, ...labels.map(textWidth)) + 10;
  const step = Math.max(1, Math.ceil(widest / Math.max(1, slot)));
  const keep = new Set<number>();
  for (let i = labels.length - 1; i >= 0; i -= step) keep.add(i);
  return keep;
}

export interface SvgSeries {
  role: PaletteRole;
  label: string;
  values: (number | null)[];
}

/**
 * A line chart over evenly spaced windows: lines break where a value is missing (never drawn at zero), a dashed
 * threshold line carries its label, the y axis is ticked from `domain`.
 */
export function svgLineChart(chart: {
  title: string;
  xLabels: string[];
  series: SvgSeries[];
  domain: { lo: number; hi: number; ticks: number[] };
  format: (v: number) => string;
  threshold?: { value: number; label: string };
}): string {
  const w = 640;
  const h = 240;
  const left = 56;
  const right = 16;
  const top = 14;
  const bottom = 30;
  const n = chart.xLabels.length;
  const plotW = w - left - right;
  const x = (i: number) => left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const { lo, hi } = chart.domain;
  const y = (v: number) => top + (1 - (v - lo) / (hi - lo || 1)) * (h - top - bottom);
  const parts = [
    `<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeHtml(chart.title)}">`,
  ];
  for (const t of chart.domain.ticks) {
    parts.push(
      `<line class="grid" x1="${left}" x2="${w - right}" y1="${f1(y(t))}" y2="${f1(y(t))}"/><text class="t" x="${left - 6}" y="${f1(y(t) + 4)}" text-anchor="end">${escapeHtml(chart.format(t))}</text>`,
    );
  }
  const keep = thinnedIndexes(chart.xLabels, n > 1 ? plotW / (n - 1) : plotW);
  chart.xLabels.forEach((label, i) => {
    if (keep.has(i))
      parts.push(
        `<text class="t" x="${f1(x(i))}" y="${h - 10}" text-anchor="${n > 1 && i === n - 1 ? 'end' : n > 1 && i === 0 ? 'start' : 'middle'}">${escapeHtml(label)}</text>`,
      );
  });
  if (chart.threshold) {
    const th = chart.threshold.value;
    const ty = y(th);
    // The label goes to the end of the line where the data lies farther from it (or is absent), off the data.
    const clearance = (i: number) =>
      Math.min(
        ...chart.series
          .map((s) => s.values[i])
          .map((v) => (v == null ? Number.POSITIVE_INFINITY : Math.abs(v - th))),
      );
    const atLeft = clearance(0) > clearance(chart.xLabels.length - 1);
    parts.push(
      `<line x1="${left}" x2="${w - right}" y1="${f1(ty)}" y2="${f1(ty)}" stroke="${PALETTE.threshold.hex}" stroke-width="1.5" stroke-dasharray="6 4"/><text class="t" x="${atLeft ? left + 4 : w - right - 2}" y="${f1(ty - 5)}" text-anchor="${atLeft ? 'start' : 'end'}" style="fill:${PALETTE.threshold.hex}">${escapeHtml(chart.threshold.label)}</text>`,
    );
  }
  for (const s of chart.series) {
    const colour = PALETTE[s.role].hex;
    // Consecutive points with values form one segment; a missing value ends it.
    let segment: string[] = [];
    const flush = () => {
      if (segment.length > 1)
        parts.push(
          `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${segment.join(' ')}"/>`,
        );
      segment = [];
    };
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) flush();
      else segment.push(`${f1(x(i))},${f1(y(v))}`);
    });
    flush();
    s.values.forEach((v, i) => {
      if (v !== null && Number.isFinite(v))
        parts.push(
          `<circle cx="${f1(x(i))}" cy="${f1(y(v))}" r="3.5" fill="${colour}"><title>${escapeHtml(`${s.label}, ${chart.xLabels[i]}: ${chart.format(v)}`)}</title></circle>`,
        );
    });
  }
  parts.push('</svg>');
  return parts.join('');
}

/**
 * Reference vs current shares per bin, as paired bars on a share axis. Numeric bins are labelled by their edges at
 * the bin boundaries (a value scale); categories by name under their bars (thinned to what fits).
 */
export function svgHistogram(
  hist: { bins: string[]; reference: number[]; current: number[] },
  name: string,
): string {
  const w = 560;
  const h = 170;
  const left = 44;
  const right = 10;
  const top = 8;
  const bottom = 26;
  const n = hist.bins.length;
  const slot = (w - left - right) / Math.max(1, n);
  const max = Math.max(...hist.reference, ...hist.current, 0.01);
  const step = max > 0.5 ? 0.25 : max > 0.2 ? 0.1 : max > 0.1 ? 0.05 : 0.02;
  const top100 = Math.ceil(max / step) * step;
  const y = (v: number) => top + (1 - v / top100) * (h - top - bottom);
  const parts = [
    `<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeHtml(`${name}: reference and current share per bin`)}">`,
  ];
  const grid: string[] = [];
  for (let t = 0; t <= top100 + 1e-9; t += step) {
    grid.push(`M${left} ${f1(y(t))}H${w - right}`);
    parts.push(
      `<text class="t" x="${left - 5}" y="${f1(y(t) + 4)}" text-anchor="end">${Math.round(t * 100)}%</text>`,
    );
  }
  parts.push(`<path class="grid" d="${grid.join('')}"/>`);
  const bar = Math.max(1, slot / 2 - 2);
  for (let i = 0; i < n; i++) {
    const x0 = left + i * slot;
    const r = hist.reference[i]!;
    const c = hist.current[i]!;
    const tip = `${hist.bins[i]}: reference ${(r * 100).toFixed(1)}%, current ${(c * 100).toFixed(1)}%`;
    parts.push(
      `<g><title>${escapeHtml(tip)}</title><rect class="ref" x="${f1(x0 + 1)}" y="${f1(y(r))}" width="${f1(bar)}" height="${f1(y(0) - y(r))}"/><rect class="cur" x="${f1(x0 + 1 + bar)}" y="${f1(y(c))}" width="${f1(bar)}" height="${f1(y(0) - y(c))}"/></g>`,
    );
  }
  const edges = numericEdges(hist.bins);
  if (edges) {
    // Edge i sits between bin i and bin i + 1.
    const keep = thinnedIndexes(edges, slot);
    const ticks: string[] = [];
    edges.forEach((e, i) => {
      if (!keep.has(i)) return;
      const ex = f1(left + (i + 1) * slot);
      ticks.push(`M${ex} ${f1(y(0))}v4`);
      parts.push(`<text class="t" x="${ex}" y="${h - 8}" text-anchor="middle">${escapeHtml(e)}</text>`);
    });
    parts.push(`<path class="axis" d="${ticks.join('')}"/>`);
  } else {
    const keep = thinnedIndexes(hist.bins, slot);
    hist.bins.forEach((b, i) => {
      if (keep.has(i))
        parts.push(
          `<text class="t" x="${f1(left + (i + 0.5) * slot)}" y="${h - 8}" text-anchor="middle">${escapeHtml(b)}</text>`,
        );
    });
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The inner edges of numeric bins labelled "< a", "a – b", …, "≥ z"; undefined for categories. */
export function numericEdges(bins: string[]): string[] | undefined {
  if (bins.length < 2 || !bins[0]!.startsWith('< ') || !bins[bins.length - 1]!.startsWith('≥ '))
    return undefined;
  const edges = [bins[0]!.slice(2)];
  for (const b of bins.slice(1, -1)) {
    const [, upper] = b.split(' – ');
    if (upper === undefined) return undefined;
    edges.push(upper);
  }
  return edges;
}

/**
 * A dot-and-whisker chart of improvements (positive = challenger better) on one axis through 0: one row per entry,
 * its full label on a line of its own above the dot, an optional interval drawn as a whisker.
 */
export function svgImprovementRows(
  rows: {
    label: string;
    value: number | null;
    low?: number | null;
    high?: number | null;
    role: PaletteRole;
  }[],
  format: (v: number) => string,
): string {
  const w = 640;
  const rowH = 36;
  const left = 16;
  const right = 16;
  const top = 4;
  const h = top + rows.length * rowH + 24;
  const values = rows
    .flatMap((r) => [r.value, r.low ?? null, r.high ?? null])
    .filter((v): v is number => v !== null && Number.isFinite(v));
  const extent = Math.max(1e-9, ...values.map(Math.abs)) * 1.1;
  const x = (v: number) => left + ((v + extent) / (2 * extent)) * (w - left - right);
  const parts = [
    `<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="improvement, challenger over champion">`,
    `<line class="axis" x1="${f1(x(0))}" x2="${f1(x(0))}" y1="${top}" y2="${h - 22}"/>`,
  ];
  const ticks: [number, string][] = [
    [-extent / 1.1, 'start'],
    [0, 'middle'],
    [extent / 1.1, 'end'],
  ];
  for (const [v, anchor] of ticks)
    parts.push(
      `<text class="t" x="${f1(anchor === 'start' ? left : anchor === 'end' ? w - right : x(v))}" y="${h - 6}" text-anchor="${anchor}">${escapeHtml(v > 0 ? `+${format(v)}` : format(v))}</text>`,
    );
  rows.forEach((r, i) => {
    const base = top + i * rowH;
    const cy = base + 26;
    parts.push(`<text class="t" x="${left}" y="${f1(base + 12)}">${escapeHtml(r.label)}</text>`);
    if (r.low !== undefined && r.low !== null && r.high !== undefined && r.high !== null)
      parts.push(
        `<line x1="${f1(x(r.low))}" x2="${f1(x(r.high))}" y1="${f1(cy)}" y2="${f1(cy)}" stroke="${PALETTE[r.role].hex}" stroke-width="3"><title>${escapeHtml(`${r.label}: 95% interval ${format(r.low)} to ${format(r.high)}`)}</title></line>`,
      );
    if (r.value !== null && Number.isFinite(r.value))
      parts.push(
        `<circle cx="${f1(x(r.value))}" cy="${f1(cy)}" r="4.5" fill="${PALETTE[r.role].hex}"><title>${escapeHtml(`${r.label}: ${format(r.value)}`)}</title></circle>`,
      );
  });
  parts.push('</svg>');
  return parts.join('');
}
