import { runMainOrPost } from '@mlops-actions/github/entry';
import { action } from '@mlops-actions/run-training';

/** The main step (parse inputs, run the logic, publish outputs and summary) or, run again by the runner, the post step. */
export function run(): Promise<void> {
  return runMainOrPost(action);
}
