// `node --import …/register.mjs`: logs every module URL the process resolves to the file named by MLOPS_MODULE_LOG,
// so a test can tell which bundle chunks an action loaded (start-up: local runs must not load the AWS SDK chunk).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
