import { runMainOrPost } from '@mlops-actions/github/entry';
import { probe } from './module.js';

// One bundle for both steps, like the real actions: the runner runs it again as the post step.
await runMainOrPost(probe);
