import { defineActionModule } from '@mlops-actions/github';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { historyCommand, promoteModel } from './run.js';

/** The promote-model action: definition, input parser and logic, shared by the action entry and the CLI. */
export const action = defineActionModule({
  definition,
  parseInputs,
  run: promoteModel,
  cli: {
    flags: {
      history: 'List the promotion ledger of --model-package-group in --ledger (newest first) and exit.',
    },
    run: historyCommand,
  },
});
