import { defineActionModule } from '@mlops-actions/github';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { runTraining } from './run.js';
import { postTraining } from './sagemaker-job.js';

/** The run-training action: definition, input parser, logic and post step, shared by the action entry and the CLI. */
export const action = defineActionModule({ definition, parseInputs, run: runTraining, post: postTraining });
