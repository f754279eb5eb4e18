import { NotImplementedError } from '@mlops-actions/core';
import { defineActionModule } from '@mlops-actions/github';
import { definition } from './definition.js';

export { definition };

/** The drift-report action: definition, input parser and logic, shared by the action entry and the CLI. */
export const action = defineActionModule({
  definition,
  parseInputs: (reader) => reader.all(),
  run: async () => {
    throw new NotImplementedError(definition.id, 4);
  },
});
