/**
 * The S3 part of the AWS SDK, imported on first use (a dynamic import, so bundles load it lazily): a run on local
 * files never evaluates it, which keeps an action's start-up near a bare `node` (bench/RESULTS.md, start-up).
 */
export const s3Sdk = () => import('./s3-commands.js');
