import { runAction } from '@mlops-actions/github/entry';
import { action } from '@mlops-actions/run-training';

/** Parse inputs, run the run-training logic, publish outputs and summary. */
export function run(): Promise<void> {
  return runAction(action);
}
