import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, inlineCode, mermaidLabel } from './escape.js';
import { formatNumber, markdownTable } from './markdown.js';

const hostile =
  'x|y <!-- **bold** [link](http://e.vil) @octocat `code` <img src=x onerror=alert(1)>\n::error::boom';

describe('escaping data for reports', () => {
  it('leaves no markdown, html, mention, comment or table syntax active', () => {
    const out = escapeMarkdown(hostile);
    for (const active of ['|', '<', '>', '**', '[', '](', '@octocat', '`', '\n', '<!--', '::'])
      expect(out).not.toContain(active);
    expect(out).toContain('x&#124;y');
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
