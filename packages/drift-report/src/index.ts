import { defineActionModule, stopAthenaStep } from '@mlops-actions/github';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { driftReport } from './run.js';

/** The drift-report action: definition, input parser and logic, shared by the action entry and the CLI. */
export const action = defineActionModule({
  definition,
  parseInputs,
  run: driftReport,
  post: stopAthenaStep,
  // Local files need no AWS: the SDK is loaded only when an input names s3:// (or another remote location).
  awsOnlyForRemoteInputs: true,
});
