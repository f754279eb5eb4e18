/**
 * Text from data (column names, slice values, file names, error text) must not be able to change the meaning of a
 * report: no markdown formatting, links, HTML, hidden comments, @mentions or table breaks.
 */

// Characters that can start emphasis, code, links, images, HTML, entities, table cells, strikethrough, mentions,
// autolinks (`:`), math (`$`) or footnotes in inline Markdown. Block syntax (`-`, `+`, `1.`, `>`) only acts at the start
// of a line, and data never starts a line in our reports (it sits in table cells or after text).
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#!|<>~&@:$^]/g;

// GitHub resolves mentions (`@octocat`, `@org/team`), references (`#5`, `acme/shop-ml#5`, `GH-5`) and autolinks
// (`www.x.com`, `evil.example.com`, `https://…`) in the rendered text, after entities are decoded, so `&#64;octocat`
// still notifies. A zero-width joiner where they start breaks each pattern while the text reads the same.
const ZWJ = '\u200d';
// Applied after entity escaping: the entities of `@`, `#` and `:`, the `GH` of `GH-5`, a dot inside a domain name.
// A domain's labels after the first dot include its top-level domain, which is letters, so only a dot followed by a
// letter is broken: numbers (`0.5`, `1e-3`) and versions (`1.2.0`, `v2.10`) are left as they are, byte for byte.
const RESOLVED = /&#(?:64|35|58);|\bGH(?=-\d)|(?<=[\p{L}\p{N}_-])\.(?=\p{L})/giu;

/** Escape a string for inline Markdown (tables included): every character Markdown or HTML could act on there. */
export function escapeMarkdown(text: string): string {
  return (
    String(text)
      // Line breaks would end a table row or start a block; control characters have no place in a report.
      .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .replace(MARKDOWN_SPECIAL, (ch) => `&#${ch.charCodeAt(0)};`)
      .replace(RESOLVED, (match) => (match === '.' ? `${ZWJ}.` : `${match}${ZWJ}`))
  );
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Inline code that cannot be broken out of: uses a fence longer than any backtick run inside. */
export function inlineCode(text: string): string {
  const clean = String(text).replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** A label inside a Mermaid chart: quotes and brackets removed, since Mermaid has no escape for them in all places. */
export function mermaidLabel(text: string): string {
  return String(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/["`<>[\]{}();|#&]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 40);
}
