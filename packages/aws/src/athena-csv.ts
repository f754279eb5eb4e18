/**
 * Rows of an Athena result file (CSV in the query's output location). Athena quotes every value and writes NULL as
 * an empty unquoted field, so `""` (an empty string) and `` (NULL) are told apart: NULL becomes null.
 */
export function parseAthenaCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let value: string | null;
    if (text[i] === '"') {
      let out = '';
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) throw new Error('Athena result: a quoted value is not closed.');
        out += text.slice(i, close);
        i = close + 1;
        if (text[i] !== '"') break;
        out += '"';
        i++;
      }
      value = out;
    } else {
      let end = i;
      while (end < n && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end++;
      value = end === i ? null : text.slice(i, end);
      i = end;
    }
    row.push(value);
    if (text[i] === ',') {
      i++;
      if (i === n) row.push(null);
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n' || i >= n) {
      i++;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}
