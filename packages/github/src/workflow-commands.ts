// The runner's workflow commands (`::name props::message` on stdout) and file commands (GITHUB_OUTPUT, GITHUB_STATE,
// GITHUB_STEP_SUMMARY), written the way @actions/core writes them. Our own because @actions/core's entry imports its
// OIDC client, hence @actions/http-client and undici (~430 KB of the bundle), at start-up, and the actions use none
// of them. Callers neutralise data first (neutralizeOutput); this layer only applies the runner's own escaping.
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { EOL } from 'node:os';

/** Where an annotation points (`line` is the runner's name for `startLine`). */
interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
}

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** Write `::command key=value,…::message`; properties without a value are left out, as @actions/core does. */
function issueCommand(
  command: string,
  properties: Record<string, string | number | undefined>,
  message: string,
) {
  const props = Object.entries(properties)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

/** Append `name<<delimiter` … `delimiter` to the file a GITHUB_* variable names (a random delimiter, never in the value). */
function issueFileCommand(variable: 'GITHUB_OUTPUT' | 'GITHUB_STATE', name: string, value: string): void {
  const file = process.env[variable] as string;
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`Unexpected input: name or value contains the delimiter "${delimiter}"`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

const annotation = (p: AnnotationProperties = {}) => ({
  title: p.title,
  file: p.file,
  line: p.startLine,
  endLine: p.endLine,
});

/** A debug line (shown when the run has step debug logging on). */
export const debug = (message: string): void => issueCommand('debug', {}, message);
/** A plain log line. */
export const info = (message: string): void => void process.stdout.write(`${message}${EOL}`);
/** A warning annotation. */
export const warning = (message: string, properties?: AnnotationProperties): void =>
  issueCommand('warning', annotation(properties), message);
/** An error annotation. */
export const error = (message: string, properties?: AnnotationProperties): void =>
  issueCommand('error', annotation(properties), message);
/** Mask a value in the rest of the job's log. */
export const setSecret = (secret: string): void => issueCommand('add-mask', {}, secret);

/** Fail the step with one error line (exit code 1 once the process ends). */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** Run `fn` inside a collapsible log group. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issueCommand('group', {}, name);
  try {
    return await fn();
  } finally {
    issueCommand('endgroup', {}, '');
  }
}

/** Set a step output (GITHUB_OUTPUT, or the `set-output` command on a runner without it). */
export function setOutput(name: string, value: string): void {
  if (process.env.GITHUB_OUTPUT) {
    issueFileCommand('GITHUB_OUTPUT', name, value);
  } else {
    process.stdout.write(EOL);
    issueCommand('set-output', { name }, value);
  }
}

/** Keep a value for the post step (GITHUB_STATE, or the `save-state` command on a runner without it). */
export function saveState(name: string, value: string): void {
  if (process.env.GITHUB_STATE) issueFileCommand('GITHUB_STATE', name, value);
  else issueCommand('save-state', { name }, value);
}

/** A value the main step saved, in the post step ('' when none). */
export const getState = (name: string): string => process.env[`STATE_${name}`] || '';

/** Append Markdown to the job summary (GITHUB_STEP_SUMMARY), followed by a line break. */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY.');
  await appendFile(file, `${markdown}${EOL}`, 'utf8');
}
