import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as commands from './workflow-commands.js';

// The lines as @actions/core 3.0 writes them for the same calls (its command.js / file-command.js), so the runner
// reads our commands exactly as it read the toolkit's.
describe('workflow commands', () => {
  let stdout: string[];
  const saved = { ...process.env };
  beforeEach(() => {
    stdout = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env = { ...saved };
    process.exitCode = undefined;
  });

  it('escapes messages (% CR LF) and properties (also : and ,), and leaves out empty properties', () => {
    commands.warning('50% of rows\r\nskipped', { title: 'a: b, c', file: 'data/x.csv', startLine: 3 });
    commands.error('plain');
    commands.debug('100%');
    commands.setSecret('s3cr%t');
    commands.info('::not escaped by info::');
    expect(stdout).toEqual([
      '::warning title=a%3A b%2C c,file=data/x.csv,line=3::50%25 of rows%0D%0Askipped\n',
      '::error::plain\n',
      '::debug::100%25\n',
      '::add-mask::s3cr%25t\n',
      '::not escaped by info::\n',
    ]);
  });

  it('fails the step: exit code 1 and one error line', () => {
    commands.setFailed('Input "window" is not a duration');
    expect(process.exitCode).toBe(1);
    expect(stdout).toEqual(['::error::Input "window" is not a duration\n']);
  });

  it('closes a group even when its function throws', async () => {
    await expect(
      commands.group('Reading', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await commands.group('Next', async () => 7)).toBe(7);
    expect(stdout).toEqual(['::group::Reading\n', '::endgroup::\n', '::group::Next\n', '::endgroup::\n']);
  });

  it('appends outputs and state to the GITHUB_OUTPUT / GITHUB_STATE files as heredocs with a random delimiter', () => {
    const dir = mkdtempSync(join(tmpdir(), 'commands-'));
    for (const name of ['output', 'state']) writeFileSync(join(dir, name), 'before=1\n');
    process.env.GITHUB_OUTPUT = join(dir, 'output');
    process.env.GITHUB_STATE = join(dir, 'state');
    commands.setOutput('decision', 'promote\nsecond line');
    commands.saveState('isPost', 'true');
    const output = readFileSync(join(dir, 'output'), 'utf8');
    const [, delimiter] = /^decision<<(ghadelimiter_[0-9a-f-]{36})$/m.exec(output) ?? [];
    expect(output).toBe(`before=1\ndecision<<${delimiter}\npromote\nsecond line\n${delimiter}\n`);
    expect(readFileSync(join(dir, 'state'), 'utf8')).toMatch(
      /^before=1\nisPost<<(ghadelimiter_[0-9a-f-]{36})\ntrue\n\1\n$/,
    );
    expect(stdout).toEqual([]);
  });

  it('refuses a file command whose file is missing, and falls back to the stdout commands without the variable', () => {
    process.env.GITHUB_OUTPUT = join(tmpdir(), 'no-such-dir', 'output');
    expect(() => commands.setOutput('a', '1')).toThrow(/Missing file at path: .*no-such-dir/);
    delete process.env.GITHUB_OUTPUT;
    delete process.env.GITHUB_STATE;
    commands.setOutput('a', '1%');
    commands.saveState('isPost', 'true');
    expect(stdout).toEqual(['\n', '::set-output name=a::1%25\n', '::save-state name=isPost::true\n']);
  });

  it('reads state saved by the main step from STATE_<name>', () => {
    process.env.STATE_isPost = 'true';
    expect(commands.getState('isPost')).toBe('true');
    expect(commands.getState('other')).toBe('');
  });

  it('appends the summary with a line break', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.md');
    writeFileSync(file, '# earlier step\n');
    process.env.GITHUB_STEP_SUMMARY = file;
    await commands.appendSummary('| a |\n| - |');
    expect(readFileSync(file, 'utf8')).toBe('# earlier step\n| a |\n| - |\n');
  });
});
