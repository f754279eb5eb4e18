import { action } from '@mlops-actions/deploy-stack';
import { runMainOrPost } from '@mlops-actions/github/entry';

/** Parse inputs, run the deploy-stack logic, publish outputs and summary. */
export function run(): Promise<void> {
  return runMainOrPost(action);
}
