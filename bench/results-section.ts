import { existsSync, readFileSync, writeFileSync } from 'node:fs';

// bench/RESULTS.md holds `pnpm bench`'s report and, between markers, sections other benchmarks own
// (`pnpm bench:decisions`): each writer replaces only its own part.

const marker = (name: string) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`] as const;

/** The text of a marked section in `text` (markers included), or '' when there is none. */
export function markedSection(text: string, name: string): string {
  const [start, end] = marker(name);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  return from >= 0 && to > from ? text.slice(from, to + end.length) : '';
}

/** Write `body` as the marked section `name` of the file: replaced in place, or appended. */
export function writeMarkedSection(path: string, name: string, body: string): void {
  const [start, end] = marker(name);
  const block = `${start}\n${body.trim()}\n${end}`;
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const old = markedSection(text, name);
  writeFileSync(path, old ? text.replace(old, block) : `${text.trimEnd()}\n\n${block}\n`);
}

/** A Markdown table of `head` and `rows`, as the sections print them. */
export const table = (head: string[], rows: (string | number)[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
