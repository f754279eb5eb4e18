import { defineActionModule, importedOnCall } from '@mlops-actions/github';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';

/**
 * The batch-transform action: definition, input parser, logic and post step, shared by the action entry and the CLI.
 * The logic and the post step (and with them the AWS SDK) are imported when they run, so an input error is reported
 * without loading them.
 */
export const action = defineActionModule({
  definition,
  parseInputs,
  run: importedOnCall(async () => (await import('./run.js')).runBatchTransform),
  post: importedOnCall(async () => (await import('./run.js')).postBatchTransform),
});
