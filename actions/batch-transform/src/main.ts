import { action } from '@mlops-actions/batch-transform';
import { runMainOrPost } from '@mlops-actions/github/entry';

/** The main step (parse inputs, run the logic, publish outputs and summary) or, run again by the runner, the post step. */
export function run(): Promise<void> {
  return runMainOrPost(action);
}
