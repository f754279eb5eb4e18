import { action } from '@mlops-actions/drift-report';
import { runMainOrPost } from '@mlops-actions/github/entry';

/** Parse inputs, run the drift-report logic, publish outputs and summary. */
export function run(): Promise<void> {
  return runMainOrPost(action);
}
