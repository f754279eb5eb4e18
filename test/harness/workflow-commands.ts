// How GitHub's runner reads what a step leaves behind: command files (GITHUB_OUTPUT, GITHUB_STATE) and the workflow
// commands in its stdout, with the runner's escaping and its rules for where a command may start.

/** A workflow command the step printed (`::warning file=x::message`). */
export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** Parse a GITHUB_OUTPUT / GITHUB_STATE file (`name=value` lines and `name<<DELIM` heredocs). */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = line.match(/^([^=]+?)<<(.+)$/);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++]!);
      if (i >= lines.length) throw new Error(`unterminated heredoc for ${name}`);
      out[name!] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`malformed command file line: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');
// `##[name k=v;k=v]data` (the runner's older syntax) escapes differently.
const unescapeV1 = (s: string) =>
  s
    .replace(/%3B/g, ';')
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%5D/g, ']')
    .replace(/%25/g, '%');
// The runner compares with .NET's culture-sensitive StartsWith/IndexOf, which skip invisible characters, and trims
// every Unicode whitespace character (NEL, NBSP, ...) before looking for `::`.
const skipIgnorable = (s: string) => s.replace(/\p{Default_Ignorable_Code_Point}/gu, '');
const trimUnicode = (s: string) => s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');

/** One line as the runner reads it: a `::name props::data` command, a `##[name props]data` command anywhere, or text. */
function parseLine(line: string): WorkflowCommand | undefined {
  const probe = trimUnicode(skipIgnorable(line));
  const v2 = probe.match(/^::([^\s:]+)(?: ([^:]*))?::(.*)$/s);
  if (v2) {
    const [, command, props, data] = v2;
    const properties: Record<string, string> = {};
    for (const pair of (props ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
    return { command: command!, properties, message: unescapeData(data ?? '') };
  }
  const start = probe.indexOf('##[');
  const end = start < 0 ? -1 : probe.indexOf(']', start);
  if (end < 0) return undefined;
  const [command, props] = probe.slice(start + 3, end).split(/ (.*)/s);
  if (!command || !/^[A-Za-z-]+$/.test(command)) return undefined;
  const properties: Record<string, string> = {};
  for (const pair of (props ?? '').split(';').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq > 0) properties[pair.slice(0, eq)] = unescapeV1(pair.slice(eq + 1));
  }
  return { command, properties, message: unescapeV1(probe.slice(end + 1)) };
}

/**
 * Read workflow commands from stdout the way GitHub's runner does: `::command::` at the start of a line after
 * trimming Unicode whitespace, `##[command]` anywhere in a line, invisible characters skipped, and
 * `::stop-commands::` honoured. NEL and the Unicode line and paragraph separators also end a line here: a reader
 * that splits there must not find a command either, so the harness is the stricter of the two.
 */
export function parseWorkflowCommands(stdout: string): { commands: WorkflowCommand[]; log: string[] } {
  const commands: WorkflowCommand[] = [];
  const log: string[] = [];
  let stopToken: string | undefined;
  for (const line of stdout.split(/\r?\n|\r|\u0085|\u2028|\u2029/)) {
    if (stopToken !== undefined) {
      if (trimUnicode(skipIgnorable(line)) === `::${stopToken}::`) stopToken = undefined;
      else log.push(line);
      continue;
    }
    const command = parseLine(line);
    if (!command) {
      log.push(line);
      continue;
    }
    if (command.command === 'stop-commands') {
      stopToken = command.message;
      continue;
    }
    commands.push(command);
    if (command.command === 'group' || command.command === 'endgroup') log.push(line);
  }
  return { commands, log };
}
