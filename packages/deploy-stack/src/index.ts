import { defineActionModule } from '@mlops-actions/github';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { deployStack } from './run.js';

// The example template's test reads the template as deploy-stack does.
export { parseTemplateText } from './template.js';

/** The deploy-stack action: definition, input parser and logic, shared by the action entry and the CLI. */
export const action = defineActionModule({ definition, parseInputs, run: deployStack });
