import { action } from '@mlops-actions/evaluate-challenger';
import { runMainOrPost } from '@mlops-actions/github/entry';

/** Parse inputs, run the evaluate-challenger logic, publish outputs and summary. */
export function run(): Promise<void> {
  return runMainOrPost(action);
}
