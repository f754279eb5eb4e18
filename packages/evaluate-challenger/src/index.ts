import { defineActionModule, stopAthenaStep } from '@mlops-actions/github';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { evaluateChallenger } from './run.js';

/** The evaluate-challenger action: definition, input parser and logic, shared by the action entry and the CLI. */
export const action = defineActionModule({
  definition,
  parseInputs,
  run: evaluateChallenger,
  post: stopAthenaStep,
  // Local files need no AWS: the SDK is loaded only when an input names s3://, athena:// (a remote location).
  awsOnlyForRemoteInputs: true,
});
