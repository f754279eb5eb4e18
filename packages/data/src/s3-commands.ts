// The S3 commands the sources use, re-exported from an ES module so that s3-sdk.ts's dynamic import of this file has
// named exports in a split bundle too: a dynamic import of the SDK's CommonJS entry itself yields only `default`
// there (esbuild puts it in a chunk of its own that exports `module.exports` as its default).
export { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
