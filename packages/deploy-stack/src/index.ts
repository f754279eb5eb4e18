import { defineActionModule } from '@mlops-actions/github';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { deployStack } from './run.js';

export { changeRows } from './changes.js';
export { type DeployInputs, parseInputs } from './inputs.js';
export { deployStack } from './run.js';
export { parseTemplateText, readTemplate } from './template.js';
export { definition };

/** The deploy-stack action: definition, input parser and logic, shared by the action entry and the CLI. */
export const action = defineActionModule({ definition, parseInputs, run: deployStack });
