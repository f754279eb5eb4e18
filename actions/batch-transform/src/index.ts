// The action's entry: everything happens in main.ts.
import { run } from './main.js';

await run();
