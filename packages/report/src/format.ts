/** Number and date formatting shared by the Markdown and HTML reports, so one value reads the same everywhere. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The date part of an ISO 8601 timestamp (UTC). */
export const isoDay = (iso: string) => iso.slice(0, 10);

/** A short axis label for a window end: "Nov 22" (the year is stated once, in the chart title or range). */
function shortDay(iso: string): string {
  const d = new Date(iso);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** "2026-08-30 – 2026-11-22" for the first and last of a list of windows (ISO start/end). */
export function dayRange(start: string, end: string): string {
  return `${isoDay(start)} – ${isoDay(end)}`;
}

/**
 * A formatter with the same number of decimals for every value of one metric: enough for `significant` digits on the
 * largest magnitude, so a table never mixes 0.492 and 0.4920.
 */
export function metricFormatter(
  values: (number | null | undefined)[],
  significant = 4,
): (v: number | null | undefined) => string {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v !== 0);
  const largest = finite.length ? Math.max(...finite.map(Math.abs)) : 1;
  const decimals = Math.min(8, Math.max(0, significant - 1 - Math.floor(Math.log10(largest))));
  return (v) => {
    if (v === null || v === undefined) return '–';
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
    const text = v.toFixed(decimals);
    // -0.0000 is 0 at this precision.
    return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
  };
}

/** The same formatter with an explicit sign, for improvements and differences. */
export function signedFormatter(
  format: (v: number | null | undefined) => string,
): (v: number | null | undefined) => string {
  return (v) => {
    if (v === null || v === undefined) return '–';
    const text = format(v);
    return v > 0 && /[1-9]/.test(text) ? `+${text}` : text;
  };
}

/** A percentage with up to one decimal: "66.7%", "100%". */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  return `${Number((share * 100).toFixed(1))}%`;
}

/** A run of consecutive windows: either one window with data, or several empty ones shown as one row. */
export type WindowRun<W> = { kind: 'window'; window: W } | { kind: 'empty'; windows: W[] };

/**
 * Windows in display order with runs of two or more empty windows (no rows) collapsed, so a table spends one row on
 * "windows 3–11: no rows" instead of nine.
 */
export function collapseEmptyWindows<W extends { rows: number }>(windows: W[]): WindowRun<W>[] {
  const out: WindowRun<W>[] = [];
  let empty: W[] = [];
  const flush = () => {
    if (empty.length === 1) out.push({ kind: 'window', window: empty[0]! });
    else if (empty.length > 1) out.push({ kind: 'empty', windows: empty });
    empty = [];
  };
  for (const w of windows) {
    if (w.rows === 0) empty.push(w);
    else {
      flush();
      out.push({ kind: 'window', window: w });
    }
  }
  flush();
  return out;
}

/** "windows 3–11 (2026-08-30 – 2026-11-01)" for a run of windows in either order. */
export function describeWindowRun(windows: { k: number; start: string; end: string }[]): string {
  const ks = windows.map((w) => w.k);
  const first = windows.reduce((a, b) => (a.start < b.start ? a : b));
  const last = windows.reduce((a, b) => (a.end > b.end ? a : b));
  return `windows ${Math.min(...ks)}–${Math.max(...ks)} (${dayRange(first.start, last.end)})`;
}

/**
 * The windows left out of a chart, consecutive ones with the same reason together:
 * "windows 3–11 (2026-08-30 – 2026-11-01): no rows; window 1 (…): no positive label".
 */
export function describeGaps<
  W extends { k: number; start: string; end: string; skipped?: string; rows: number },
>(windows: W[], plotted: (w: W) => boolean): string {
  const parts: string[] = [];
  let run: W[] = [];
  const reason = (w: W) => (w.rows === 0 ? 'no rows' : (w.skipped ?? 'not scored'));
  const flush = () => {
    if (!run.length) return;
    const where =
      run.length === 1
        ? `window ${run[0]!.k} (${dayRange(run[0]!.start, run[0]!.end)})`
        : describeWindowRun(run);
    parts.push(`${where}: ${reason(run[0]!)}`);
    run = [];
  };
  for (const w of [...windows].sort((a, b) => a.k - b.k)) {
    if (plotted(w)) flush();
    else {
      if (run.length && reason(run[run.length - 1]!) !== reason(w)) flush();
      run.push(w);
    }
  }
  flush();
  return parts.join('; ');
}

/** Short, unique x-axis labels for window ends: "Nov 22", or with the hour when windows are shorter than a day. */
export function windowAxisLabels(ends: string[]): string[] {
  const short = ends.map(shortDay);
  if (new Set(short).size === short.length) return short;
  return ends.map((e) => `${shortDay(e)} ${e.slice(11, 16)}`);
}
