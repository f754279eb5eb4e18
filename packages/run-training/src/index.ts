import { defineActionModule } from '@mlops-actions/github';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { runTraining } from './run.js';
import { postTraining } from './sagemaker-job.js';

export { buildTrainingJobRequest, defaultJobName } from './config.js';
export { parseInputs, type TrainingInputs } from './inputs.js';
export { runTraining } from './run.js';
export { postTraining, STATE } from './sagemaker-job.js';
export { definition };

/** The run-training action: definition, input parser, logic and post step, shared by the action entry and the CLI. */
export const action = defineActionModule({ definition, parseInputs, run: runTraining, post: postTraining });
