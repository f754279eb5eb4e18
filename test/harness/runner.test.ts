import { describe, expect, it } from 'vitest';
import { parseWorkflowCommands } from './workflow-commands.js';

// The harness must find every command GitHub's runner would, or tests of neutralisation prove nothing.
describe('the harness reads workflow commands like the runner', () => {
  it('finds ::commands:: after Unicode whitespace and invisible characters, and ##[commands] anywhere', () => {
    const { commands } = parseWorkflowCommands(
      [
        '::warning title=T,file=a.csv::plain',
        '\u00a0\u2003::error::after nbsp',
        '\u200b::notice::after a zero-width space',
        'web\u0085::error title=Approved::x',
        'Keep: slice device=##[warning]PWNED ##[add-mask]average-precision',
        '#\u00ad#[debug]soft hyphen',
        'just text :: with ##[no command',
      ].join('\n'),
    );
    expect(commands.map((c) => [c.command, c.message])).toEqual([
      ['warning', 'plain'],
      ['error', 'after nbsp'],
      ['notice', 'after a zero-width space'],
      ['error', 'x'],
      ['warning', 'PWNED ##[add-mask]average-precision'],
      ['debug', 'soft hyphen'],
    ]);
    expect(commands[0]!.properties).toEqual({ title: 'T', file: 'a.csv' });
    expect(commands[3]!.properties).toEqual({ title: 'Approved' });
  });

  it('prints everything between ::stop-commands:: and its token verbatim', () => {
    const { commands, log } = parseWorkflowCommands(
      '::stop-commands::ab12cd\n::error::quoted\n##[warning]quoted\n::ab12cd::\n::error::live',
    );
    expect(log).toEqual(['::error::quoted', '##[warning]quoted']);
    expect(commands.map((c) => c.message)).toEqual(['live']);
  });
});
