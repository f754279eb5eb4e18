import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, inlineCode, mermaidLabel } from './escape.js';
import { formatNumber, markdownTable } from './markdown.js';

/** Decode the numeric entities escapeMarkdown writes, as GitHub does before it resolves mentions and links. */
const decodeEntities = (md: string) =>
  md.replace(/&#(\d+);/g, (_m, code) => String.fromCharCode(Number(code)));

/** What GitHub would turn into a notification or a link in this Markdown text (its patterns, simplified). */
function gitHubResolves(md: string): string[] {
  const text = decodeEntities(md);
  const patterns = [
    /(?:^|[^\w`])@[a-z0-9][a-z0-9-]*(?:\/[a-z0-9-]+)?/gi, // @user, @org/team
    /(?:^|[^\w&])(?:[\w.-]+\/[\w.-]+)?#\d+/g, // #5, owner/repo#5
    /\bGH-\d+/gi,
    /\b(?:https?:\/\/|www\.)[^\s]+/gi, // extended autolinks
    /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b/gi, // bare domains
  ];
  return patterns.flatMap((p) => text.match(p) ?? []);
}

const hostile =
  'x|y <!-- **bold** [link](http://e.vil) @octocat `code` <img src=x onerror=alert(1)>\n::error::boom';

describe('escaping data for reports', () => {
  it('leaves no markdown, html, mention, comment or table syntax active', () => {
    const out = escapeMarkdown(hostile);
    for (const active of ['|', '<', '>', '**', '[', '](', '@octocat', '`', '\n', '<!--', '::'])
      expect(out).not.toContain(active);
    expect(out).toContain('x&#124;y');
  });

  it('leaves nothing GitHub resolves as a mention, reference or autolink once entities are decoded', () => {
    for (const text of [
      '@octocat',
      'cc @org/team please',
      'acme/shop-ml#5',
      'see #5',
      'GH-5',
      'gh-12',
      'evil.example.com',
      'www.x.com',
      'http://e.vil/x',
      'mail a@b.example',
    ]) {
      const rendered = gitHubResolves(escapeMarkdown(text));
      expect(rendered, text).toEqual([]);
      // The text still reads the same once the invisible joiners are dropped.
      expect(decodeEntities(escapeMarkdown(text)).replace(/\u200d/g, ''), text).toBe(text);
    }
  });

  it('leaves numbers and version strings untouched while domains stay broken', () => {
    for (const text of ['0.5', 'AUC 0.8123 +0.0421', '1.2.0', 'v2.10.3-rc1', '-1.5e-3', '192.168.0.1'])
      expect(escapeMarkdown(text), text).toBe(text);
    // A verdict line mixes both: the numbers stay as typed, the domain gets its joiner.
    const verdict = escapeMarkdown('AUC 0.91 vs 0.89 on data from shop.example.com');
    expect(verdict).toContain('AUC 0.91 vs 0.89');
    expect(gitHubResolves(verdict)).toEqual([]);
  });

  it('escapes html', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('builds inline code that backticks cannot close', () => {
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('`x')).toBe('`` `x ``');
  });

  it('keeps tables intact with hostile cells and truncates with a note', () => {
    const table = markdownTable(
      ['name', 'value'],
      [
        [hostile, 1.23456789],
        ['b', null],
      ],
      { maxRows: 1 },
    );
    const lines = table.split('\n');
    expect(lines[2]!.split(' | ')).toHaveLength(2);
    expect(table).toContain('1.2346');
    expect(table).toContain('_1 more rows not shown._');
  });

  it('formats numbers for people', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(null)).toBe('–');
    expect(formatNumber(0.00001234)).toBe('1.234e-5');
  });

  // The chart half of this test moved to mermaid.test.ts (charts now encode labels instead of stripping them).
  it('sanitises mermaid labels', () => {
    expect(mermaidLabel('a"]\nb')).toBe('a b');
  });
});
