// The post step of an action that waits on a remote job (training, transform): the runner runs it even when the
// main step was cancelled, so the job does not outlive the workflow run that started it.
import type { ActionDeps } from './action.js';

/** Names under which the main step saves the job it started and, once it stopped waiting, that the job settled. */
export interface RemoteJobState {
  job: string;
  settled: string;
}

/** Stop (`stop`) the job the main step started unless the main step saw it settle; `kind` names it in the log. */
export async function stopUnsettledJob(
  deps: Pick<ActionDeps, 'state' | 'logger'>,
  state: RemoteJobState,
  kind: string,
  stop: (name: string) => Promise<unknown>,
): Promise<void> {
  const name = deps.state.get(state.job);
  if (!name) return;
  if (deps.state.get(state.settled) === 'true') {
    deps.logger.debug(`${kind} ${name} settled in the main step; nothing to clean up.`);
    return;
  }
  await stop(name);
}
