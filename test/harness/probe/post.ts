import { runPost } from '@mlops-actions/github/entry';
import { probe } from './module.js';

await runPost(probe);
