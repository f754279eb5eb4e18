#!/usr/bin/env node
// The `mlops` command: `mlops <action-name> --<input-name> VALUE ...`.
import { runCli } from './cli.js';

// `pnpm mlops` / `npm run mlops` start the script in the repository root; paths on the command line are relative to
// where the user typed it, which the package manager passes as INIT_CWD.
if (process.env.npm_lifecycle_event === 'mlops' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

process.exitCode = await runCli(process.argv.slice(2));
