#!/usr/bin/env node
// The `mlops` command: `mlops <action-name> --<input-name> VALUE ...`.
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2));
