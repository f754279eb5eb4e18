import { runMainOrPost } from '@mlops-actions/github/entry';
import { action } from '@mlops-actions/promote-model';

/** Parse inputs, run the promote-model logic, publish outputs and summary. */
export function run(): Promise<void> {
  return runMainOrPost(action);
}
