import { escapeHtml } from './escape.js';
import { PALETTE, type PaletteRole } from './palette.js';

/**
 * The page around an HTML report: self-contained (inline CSS, no script, a Content-Security-Policy that allows
 * nothing else), light and dark through prefers-color-scheme, readable at phone width (wide charts and tables
 * scroll inside their own box instead of shrinking their text).
 */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d0d7de;--grid:#eaeef2;--bad:#ffebe9;--badfg:#a40e26;--ok:#1a7f37}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--grid:#262c36;--bad:#3c1618;--badfg:#ff7b72;--ok:#3fb950}}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;padding:16px;max-width:980px;background:var(--bg);color:var(--fg)}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid var(--line)}h3{font-size:1.05em;margin:1.2em 0 .3em}
.muted,figcaption{color:var(--muted);font-size:.9em}.verdict{font-size:1.2em;font-weight:600}.estimate{font-style:italic}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}td,th{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}tr.drift td{background:var(--bad)}.bad{color:var(--badfg);font-weight:600}.good{color:var(--ok);font-weight:600}
code{font-size:.92em}td code{white-space:nowrap}dd code,p code,summary code{overflow-wrap:anywhere}figure{margin:.5em 0}
svg{display:block;background:var(--bg)}svg .t{fill:var(--fg);font:11px system-ui,sans-serif}svg .grid{stroke:var(--grid);fill:none}svg .axis{stroke:var(--muted);fill:none}svg .ref{fill:${PALETTE.reference.hex}}svg .cur{fill:${PALETTE.current.hex}}
.key{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-1px;margin:0 .25em 0 .6em}
details{margin:.4em 0}summary{cursor:pointer}
dl.facts{display:grid;grid-template-columns:minmax(0,max-content) minmax(0,1fr);gap:2px 12px;margin:.4em 0}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}p,li{overflow-wrap:anywhere}
</style>
</head><body>
${body}
</body></html>
`;
}

/** A legend as HTML: a coloured key per series, named by role and label. */
export function htmlLegend(entries: { role: PaletteRole; label: string }[]): string {
  return `<span class="muted">${entries
    .map((e) => `<span class="key" style="background:${PALETTE[e.role].hex}"></span>${escapeHtml(e.label)}`)
    .join('')}</span>`;
}

/** A chart in a figure that scrolls horizontally on narrow screens, with its caption. */
export function htmlFigure(svg: string, caption: string): string {
  return `<figure><div class="scroll">${svg}</div><figcaption>${caption}</figcaption></figure>`;
}

/** A table inside a horizontally scrolling box; cells are trusted HTML built by the caller (escaped there). */
export function htmlTable(
  header: string[],
  rows: string[][],
  options: { numeric?: boolean[]; rowClass?: (i: number) => string } = {},
): string {
  const cls = (i: number) => (options.numeric?.[i] ? ' class="n"' : '');
  const head = header.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r, j) => {
      const rc = options.rowClass?.(j);
      return `<tr${rc ? ` class="${rc}"` : ''}>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}
