// What GitHub's runner does around one step of a JavaScript action: inputs as INPUT_* variables, the event payload,
// command files, masks; the step's stdout is read by workflow-commands.ts.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { type EventName, eventPayload } from './events.js';
import { parseCommandFile, parseWorkflowCommands, type WorkflowCommand } from './workflow-commands.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** What one step left behind, as the runner would see it. */
export interface StepResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  outputs: Record<string, string>;
  summary: string;
  state: Record<string, string>;
  stdout: string;
  stderr: string;
  commands: WorkflowCommand[];
  /** Messages of ::error:: commands (core.setFailed prints one). */
  errors: string[];
  warnings: string[];
  /** Values registered with ::add-mask::. */
  masks: string[];
  /** The log as the runner would show it: stdout without command lines, with masks applied. */
  log: string;
}

export interface RunOptions {
  /** `with:` values by input name (as in the workflow file). */
  inputs?: Record<string, string | number | boolean>;
  event?: EventName;
  /** Overrides merged into the event payload. */
  payload?: Record<string, unknown>;
  /** Base URL of the fake GitHub API. */
  apiUrl?: string;
  token?: string;
  repository?: string;
  runId?: string;
  runAttempt?: number;
  sha?: string;
  actor?: string;
  /** Extra environment (AWS_ENDPOINT_URL_S3, ...). */
  env?: Record<string, string | undefined>;
  /** Working directory (GITHUB_WORKSPACE); a fresh temp dir by default. */
  workspace?: string;
  /** Node binary; the one running the tests by default. */
  node?: string;
  /** Options for that binary before the script (`--cpu-prof`, `--require …`): the benchmarks profile through them. */
  nodeArgs?: string[];
  /** Kill the step after this long (ms). */
  timeoutMs?: number;
  /** Cancel the step the way the runner does (SIGINT) once stdout matches. */
  cancelWhen?: RegExp;
}

/** The action's metadata as the runner reads it. */
export function readActionYml(action: string): any {
  return parseYaml(readFileSync(join(actionDir(action), 'action.yml'), 'utf8'));
}

/** `evaluate-challenger` means actions/evaluate-challenger; an absolute path is an action directory elsewhere. */
function actionDir(action: string): string {
  return isAbsolute(action) ? action : join(repoRoot, 'actions', action);
}

/** The runner evaluates `${{ }}` defaults; the only one our action.yml files use is github.token. */
function evaluateDefault(value: string, token: string): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_all, expr: string) => {
    if (expr === 'github.token') return token;
    throw new Error(`harness cannot evaluate default expression \${{ ${expr} }}`);
  });
}

/** Run one step of an action (`main` or `post`) exactly as the runner does. */
export async function runStep(
  action: string,
  options: RunOptions & { step?: 'main' | 'post'; state?: Record<string, string> } = {},
): Promise<StepResult> {
  const meta = readActionYml(action);
  if (meta.runs?.using !== 'node24')
    throw new Error(`${action}: runs.using is ${meta.runs?.using}, expected node24`);
  const step = options.step ?? 'main';
  const entry = step === 'main' ? meta.runs.main : meta.runs.post;
  if (!entry) throw new Error(`${action} has no ${step} step`);
  const script = join(actionDir(action), entry);
  if (!existsSync(script)) throw new Error(`${script} is missing; run \`pnpm build\``);

  const token = options.token ?? 'ghs_harnessToken0123456789';
  const runnerDir = mkdtempSync(join(tmpdir(), 'mlops-runner-'));
  const workspace = options.workspace ?? join(runnerDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const files = {
    output: join(runnerDir, 'output'),
    summary: join(runnerDir, 'summary.md'),
    state: join(runnerDir, 'state'),
    env: join(runnerDir, 'env'),
    path: join(runnerDir, 'path'),
    event: join(runnerDir, 'event.json'),
  };
  for (const file of [files.output, files.summary, files.state, files.env, files.path])
    writeFileSync(file, '');
  const eventName = options.event ?? 'push';
  const repository = options.repository ?? 'octo-org/ml-repo';
  writeFileSync(files.event, JSON.stringify(eventPayload(eventName, repository, options.payload ?? {})));

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: runnerDir,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'harness',
    RUNNER_TEMP: join(runnerDir, 'temp'),
    RUNNER_TOOL_CACHE: join(runnerDir, 'tool-cache'),
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0]!,
    GITHUB_RUN_ID: options.runId ?? '7000000001',
    GITHUB_RUN_ATTEMPT: String(options.runAttempt ?? 1),
    GITHUB_RUN_NUMBER: '42',
    GITHUB_SHA: options.sha ?? 'a'.repeat(40),
    GITHUB_REF: eventName === 'pull_request' ? 'refs/pull/7/merge' : 'refs/heads/main',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_ACTOR: options.actor ?? 'octocat',
    GITHUB_WORKFLOW: 'harness',
    GITHUB_JOB: 'test',
    GITHUB_ACTION: `__${action}`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.apiUrl ?? 'http://127.0.0.1:9',
    GITHUB_GRAPHQL_URL: `${options.apiUrl ?? 'http://127.0.0.1:9'}/graphql`,
    GITHUB_TOKEN: token,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    // AWS: fake static credentials; endpoints come from AWS_ENDPOINT_URL_* given by the test.
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIAHARNESS000000000',
    AWS_SECRET_ACCESS_KEY: 'harness-secret-key',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  mkdirSync(env.RUNNER_TEMP!, { recursive: true });
  for (const [name, spec] of Object.entries<any>(meta.inputs ?? {})) {
    const given = options.inputs?.[name];
    const value =
      given !== undefined
        ? String(given)
        : spec.default !== undefined
          ? evaluateDefault(String(spec.default), token)
          : '';
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const name of Object.keys(options.inputs ?? {})) {
    if (!(name in (meta.inputs ?? {})))
      throw new Error(`${action} has no input "${name}" (the runner would warn: Unexpected input)`);
  }
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }

  const child = spawn(options.node ?? process.execPath, [...(options.nodeArgs ?? []), script], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let cancelled = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (options.cancelWhen && !cancelled && options.cancelWhen.test(stdout)) {
      cancelled = true;
      child.kill('SIGINT');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, sig) => resolve([code, sig])),
  );
  clearTimeout(timer);

  const { commands, log } = parseWorkflowCommands(stdout);
  const masks = commands.filter((c) => c.command === 'add-mask').map((c) => c.message);
  let shown = log.join('\n');
  for (const mask of masks) if (mask) shown = shown.split(mask).join('***');
  return {
    exitCode,
    signal,
    outputs: parseCommandFile(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    state: parseCommandFile(readFileSync(files.state, 'utf8')),
    stdout,
    stderr,
    commands,
    errors: commands.filter((c) => c.command === 'error').map((c) => c.message),
    warnings: commands.filter((c) => c.command === 'warning').map((c) => c.message),
    masks,
    log: shown,
  };
}

/** Run the main step and, when action.yml declares one, the post step with the state the main step saved. */
export async function runAction(
  action: string,
  options: RunOptions = {},
): Promise<{ main: StepResult; post?: StepResult }> {
  const main = await runStep(action, options);
  const meta = readActionYml(action);
  if (!meta.runs.post) return { main };
  const post = await runStep(action, { ...options, step: 'post', state: main.state, cancelWhen: undefined });
  return { main, post };
}
