// The post step: cleanup after the main step (stops a training job left running by a cancelled workflow).

import { runPost } from '@mlops-actions/github/entry';
import { action } from '@mlops-actions/run-training';

await runPost(action);
