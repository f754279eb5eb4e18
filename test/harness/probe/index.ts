import { runAction } from '@mlops-actions/github/entry';
import { probe } from './module.js';

await runAction(probe);
