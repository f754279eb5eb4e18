import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, inlineCode, mermaidLabel } from './escape.js';
import { formatNumber, markdownTable, mermaidLineChart } from './markdown.js';

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

  it('draws a mermaid line chart with sanitised labels', () => {
    const chart = mermaidLineChart('AP "per" window', ['w-1', 'w"0'], [{ name: 'a', values: [0.5, null] }]);
    expect(chart).toContain('xychart-beta');
    expect(chart).toContain('x-axis ["w-1", "w 0"]');
    expect(mermaidLabel('a"]\nb')).toBe('a b');
    expect(mermaidLineChart('t', [], [])).toBe('');
  });
});
