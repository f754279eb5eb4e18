import { describe, expect, it } from 'vitest';
import { neutralizeOutput } from './logger.js';

// What the runner would look at: lines (NEL and the Unicode separators counted as breaks too), with the invisible
// characters its culture-sensitive matching skips removed.
const runnerView = (text: string) =>
  text.replace(/\p{Default_Ignorable_Code_Point}/gu, '').split(/\r\n|\r|\n|\u0085|\u2028|\u2029|\v|\f/);

const hostile = [
  '##[warning]PWNED ##[add-mask]average-precision',
  'web\u0085::error title=Approved::x',
  '::set-env name=EVIL::1\n::add-mask::x',
  '\u00a0\u2003::error::nbsp and em space',
  '\u2028::warning::line separator',
  '\ufeff::notice::bom',
  '\u200b::error::zero width space',
  '#\u00ad#[warning]soft hyphen between',
  '# #[warning]space between',
  '###[error]three',
  'x\r::error::carriage return',
  ': :error::spaced colons',
  '\u001b[31m::error::after a colour code',
  'a\u0000##[debug]nul',
];

describe('neutralizeOutput', () => {
  it.each(hostile)('leaves no command the runner would execute in %j', (text) => {
    const out = neutralizeOutput(text);
    expect(out).not.toContain('##[');
    for (const line of runnerView(out)) {
      expect(line.replace(/\p{White_Space}/gu, '')).not.toMatch(/^::/);
      expect(line.replace(/\p{White_Space}/gu, '')).not.toContain('##[');
    }
  });

  it('keeps ordinary text, colours and line breaks as they are', () => {
    for (const text of [
      'Reading s3://b/k.csv: 3 files',
      'a::b',
      'tag #5 [x]',
      '\u001b[32mok\u001b[0m',
      'one\ntwo\r\n',
    ])
      expect(neutralizeOutput(text)).toBe(text);
  });

  it('shows a command-looking line verbatim after a quote mark, and a ##[ with a full-width #', () => {
    expect(neutralizeOutput('ok\n::set-env name=EVIL::1')).toBe('ok\n› ::set-env name=EVIL::1');
    expect(neutralizeOutput('slice ##[warning]PWNED')).toBe('slice ＃#[warning]PWNED');
    expect(neutralizeOutput('web\u0085::error title=Approved::x')).toBe('web ::error title=Approved::x');
  });
});
