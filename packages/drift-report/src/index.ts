import { defineActionModule, importedOnCall, stopAthenaStep } from '@mlops-actions/github';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';

/** The drift-report action: definition, input parser and logic, shared by the action entry and the CLI. */
export const action = defineActionModule({
  definition,
  parseInputs,
  // Imported when the step runs (start-up): an input error is reported before the readers and reports load.
  run: importedOnCall(async () => (await import('./run.js')).driftReport),
  post: stopAthenaStep,
  // Local files need no AWS: the SDK is loaded only when an input names s3:// (or another remote location).
  awsOnlyForRemoteInputs: true,
});
