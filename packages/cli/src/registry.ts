import { action as batchTransform } from '@mlops-actions/batch-transform';
import { action as deployStack } from '@mlops-actions/deploy-stack';
import { action as driftReport } from '@mlops-actions/drift-report';
import { action as evaluateChallenger } from '@mlops-actions/evaluate-challenger';
import type { ActionModule } from '@mlops-actions/github';
import { action as promoteModel } from '@mlops-actions/promote-model';
import { action as runTraining } from '@mlops-actions/run-training';

/** Every action, by the command name that equals its folder name. */
// biome-ignore lint/suspicious/noExplicitAny: each action has its own input type
export const actions: Record<string, ActionModule<any>> = {
  'deploy-stack': deployStack,
  'run-training': runTraining,
  'evaluate-challenger': evaluateChallenger,
  'drift-report': driftReport,
  'promote-model': promoteModel,
  'batch-transform': batchTransform,
};
