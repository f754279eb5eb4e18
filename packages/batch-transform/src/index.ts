import { defineActionModule } from '@mlops-actions/github';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { postBatchTransform, runBatchTransform } from './run.js';

/** The batch-transform action: definition, input parser, logic and post step, shared by the action entry and the CLI. */
export const action = defineActionModule({
  definition,
  parseInputs,
  run: runBatchTransform,
  post: postBatchTransform,
});
