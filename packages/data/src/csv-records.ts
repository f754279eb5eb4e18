/** One parsed record: its cells, where the next one starts, and how many lines it spanned. */
interface ParsedRecord {
  cells: string[];
  next: number;
  newlines: number;
  /** Set (only when `final`) when the text ends inside a quoted field. */
  unterminated?: true;
}

/**
 * The cells of the first record of a CSV text (quoted fields may hold delimiters, `""` and newlines; CRLF or LF
 * ends it), or undefined when a quoted field is never closed.
 */
export function firstCsvRecord(text: string, delimiter = ','): string[] | undefined {
  const parsed = parseRecord(text, 0, delimiter, true, text.indexOf('"'));
  return parsed && !parsed.unterminated ? parsed.cells : undefined;
}

/**
 * Parse one record starting at `pos`; null when it needs more input (unless `final`). `quote` is the position of the
 * next `"` at or after `pos` (-1 for none), which lets a line without quotes take the fast path.
 */
export function parseRecord(
  text: string,
  pos: number,
  delimiter: string,
  final: boolean,
  quote: number,
): ParsedRecord | null {
  const nl = text.indexOf('\n', pos);
  if (nl < 0 && !final) return null;
  const end = nl < 0 ? text.length : nl;
  if (quote < 0 || quote >= end) {
    // Fast path: no quote in this line.
    let lineText = text.slice(pos, end);
    if (lineText.endsWith('\r')) lineText = lineText.slice(0, -1);
    return { cells: lineText.split(delimiter), next: nl < 0 ? text.length : nl + 1, newlines: 1 };
  }
  const cells: string[] = [];
  let cell = '';
  let i = pos;
  let newlines = 0;
  let quoted = false;
  let cellStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        if (i + 1 >= text.length && !final) return null;
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n') newlines++;
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cellStart) {
      quoted = true;
      cellStart = false;
      i++;
      continue;
    }
    if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      cellStart = true;
      i++;
      continue;
    }
    if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      cells.push(cell);
      const next = ch === '\r' ? i + 2 : i + 1;
      return { cells, next, newlines: newlines + 1 };
    }
    if (ch === '\r' && i + 1 >= text.length && !final) return null;
    cell += ch;
    cellStart = false;
    i++;
  }
  if (!final) return null;
  cells.push(cell);
  return quoted
    ? { cells, next: text.length, newlines: newlines + 1, unterminated: true }
    : { cells, next: text.length, newlines: newlines + 1 };
}
