import { escapeMarkdown, inlineCode } from './escape.js';
import { isoDay } from './format.js';

/** A cell: plain text is escaped; `{ md }` is trusted Markdown built by our own code. */
export type Cell = string | number | null | undefined | { md: string };

function cellText(cell: Cell): string {
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

/** The line under the headline: the commit evaluated (the pull request's head) and the run, as links. */
export function provenanceLine(
  run: { sha?: string | null; run_id: string | null; run_url: string | null },
  asOf: string,
): string {
  const parts: string[] = [];
  if (run.sha) {
    const short = inlineCode(run.sha.slice(0, 7));
    // The run URL is <server>/<owner>/<repo>/actions/runs/<id>: the commit page lives beside it (GHES too).
    const repoUrl = run.run_url?.match(/^(https?:\/\/.+?)\/actions\/runs\//)?.[1];
    parts.push(
      repoUrl && /^[0-9a-f]{7,64}$/i.test(run.sha)
        ? `commit [${short}](${encodeURI(repoUrl)}/commit/${run.sha})`
        : `commit ${short}`,
    );
  }
  if (run.run_url) parts.push(`[run ${escapeMarkdown(run.run_id ?? '')}](${encodeURI(run.run_url)})`);
  parts.push(`as of ${isoDay(asOf)}`);
  return parts.join(' · ');
}
