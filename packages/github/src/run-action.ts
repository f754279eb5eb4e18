import type { AwsClients } from '@mlops-actions/aws';
import { errorMessage, isUserError } from '@mlops-actions/core';
import { type ActionDeps, type ActionModule, type ActionResult, systemClock } from './action.js';
import { createGitHubClient } from './client.js';
import { runContextFromEnv } from './context.js';
import { envInputSource, InputReader } from './inputs.js';
import { type Logger, neutralizeOutput } from './logger.js';
import * as core from './workflow-commands.js';
import { parseInputsLoadingYaml } from './yaml-on-demand.js';

/** Annotation properties that came from data, neutralised like messages (titles and file names reach the log). */
function safeProperties<P extends { title?: string; file?: string }>(
  properties: P | undefined,
): P | undefined {
  if (!properties) return properties;
  return {
    ...properties,
    ...(properties.title !== undefined ? { title: neutralizeOutput(properties.title) } : {}),
    ...(properties.file !== undefined ? { file: neutralizeOutput(properties.file) } : {}),
  };
}

/** Logger writing workflow commands; everything it prints passes through neutralizeOutput. */
function actionLogger(): Logger {
  return {
    debug: (m) => core.debug(neutralizeOutput(m)),
    info: (m) => core.info(neutralizeOutput(m)),
    warning: (m, p) => core.warning(neutralizeOutput(m), safeProperties(p)),
    error: (m, p) => core.error(neutralizeOutput(m), safeProperties(p)),
    group: (name, fn) => core.group(neutralizeOutput(name).replace(/[\r\n]+/g, ' '), fn),
  };
}

/** Stands in for the AWS clients of a run whose inputs name no remote location; asking for one is a bug. */
const noAwsClients: AwsClients = new Proxy({} as AwsClients, {
  // `then` stays undefined: the object is returned from an async function, which must not take it for a promise.
  get: (_target, name) =>
    name === 'then'
      ? undefined
      : () => {
          throw new Error(
            `AWS client ${String(name)} asked for, but no input names a remote location (s3://, …)`,
          );
        },
});

/**
 * The AWS clients of this run, imported on demand: the SDK is about half of an action's bundle, and an action on
 * local files (`awsOnlyForRemoteInputs`) never loads it when no input value names a remote location.
 */
async function awsClientsFor(module: ActionModule<unknown>): Promise<AwsClients> {
  if (module.awsOnlyForRemoteInputs) {
    const values = Object.keys(module.definition.inputs).map((name) => envInputSource()(name) ?? '');
    if (!values.some((v) => /^\s*[a-z][a-z0-9+.-]*:\/\//i.test(v))) return noAwsClients;
  }
  const { lazyAwsClients } = await import('@mlops-actions/aws');
  return lazyAwsClients(process.env);
}

/** Dependencies for a step running under the GitHub runner. */
async function actionDeps(module: ActionModule<unknown>, token: string | undefined): Promise<ActionDeps> {
  const context = runContextFromEnv();
  return {
    logger: actionLogger(),
    context,
    github: token ? createGitHubClient(token, context.apiUrl) : undefined,
    now: systemClock.now,
    sleep: systemClock.sleep,
    state: { save: (n, v) => core.saveState(n, v), get: (n) => core.getState(n) },
    mask: (s) => core.setSecret(s),
    env: process.env,
    aws: await awsClientsFor(module),
    runtime: 'action',
  };
}

/** Publish outputs and summary, then fail the step when the result asks for it. */
async function publishResult(result: ActionResult): Promise<void> {
  for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, String(value));
  if (result.summary && process.env.GITHUB_STEP_SUMMARY) {
    await core.appendSummary(result.summary);
  }
  if (result.failure) core.setFailed(neutralizeOutput(result.failure));
}

/** Report an error the way users should see it: one line; stack traces only in debug output. */
function failStep(error: unknown): void {
  if (!isUserError(error) && error instanceof Error && error.stack) core.debug(neutralizeOutput(error.stack));
  const message = neutralizeOutput(errorMessage(error)).replace(/[\r\n]+/g, ' ');
  core.setFailed(
    isUserError(error)
      ? message
      : `Unexpected error: ${message} (run with ACTIONS_STEP_DEBUG=true for details)`,
  );
}

function tokenFor(module: ActionModule<unknown>): string | undefined {
  if (!module.definition.inputs['github-token']) return undefined;
  const token = envInputSource()('github-token')?.trim();
  if (token) core.setSecret(token);
  return token || undefined;
}

/** The whole `main` step of an action: parse inputs, build clients, run the logic, publish. */
async function runAction<I>(module: ActionModule<I>): Promise<void> {
  try {
    for (const [name, spec] of Object.entries(module.definition.inputs)) {
      const value = envInputSource()(name);
      if (spec.secret && value) core.setSecret(value);
    }
    const inputs = await parseInputsLoadingYaml(() =>
      module.parseInputs(new InputReader(module.definition, envInputSource())),
    );
    module.checkBeforeAws?.(inputs, { env: process.env, context: runContextFromEnv() });
    const deps = await actionDeps(module as ActionModule<unknown>, tokenFor(module as ActionModule<unknown>));
    const result = await module.run(inputs, deps);
    await publishResult(result);
  } catch (error) {
    failStep(error);
  }
}

/** The `post:` step of an action. Cleanup failures are reported but never hide the main step's outcome. */
async function runPost<I>(module: ActionModule<I>): Promise<void> {
  try {
    if (!module.post) return;
    await module.post(
      await actionDeps(module as ActionModule<unknown>, tokenFor(module as ActionModule<unknown>)),
    );
  } catch (error) {
    failStep(error);
  }
}

/**
 * One bundle for both steps (as actions/checkout does): action.yml points `main` and `post` at dist/index.js, and the
 * main step first saves `isPost`, so the same file run again as the post step does the cleanup. This halves the
 * size of an action with a post step.
 */
export async function runMainOrPost<I>(module: ActionModule<I>): Promise<void> {
  if (core.getState('isPost') === 'true') return runPost(module);
  if (module.post) core.saveState('isPost', 'true');
  return runAction(module);
}
