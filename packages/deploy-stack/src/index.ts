import { defineActionModule, importedOnCall } from '@mlops-actions/github';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';

/**
 * The deploy-stack action: definition, input parser and logic, shared by the action entry and the CLI. The logic (and
 * with it the AWS SDK) is imported when the step runs, so an input error is reported without loading it.
 */
export const action = defineActionModule({
  definition,
  parseInputs,
  run: importedOnCall(async () => (await import('./run.js')).deployStack),
});
