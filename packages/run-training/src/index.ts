import { defineActionModule, importedOnCall } from '@mlops-actions/github';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { checkBeforeTraining } from './sagemaker-request.js';

/**
 * The run-training action: definition, input parser, logic and post step, shared by the action entry and the CLI.
 * The logic and the post step (and with them the AWS SDK) are imported when they run, after the checks that need no
 * AWS call, so an input error is reported without loading them.
 */
export const action = defineActionModule({
  definition,
  parseInputs,
  checkBeforeAws: checkBeforeTraining,
  run: importedOnCall(async () => (await import('./run.js')).runTraining),
  post: importedOnCall(async () => (await import('./sagemaker-job.js')).postTraining),
});
