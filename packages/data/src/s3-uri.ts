// S3 URIs as inputs name them, apart from the readers: an input parser imports this file alone, so an action's entry
// reports an input error without loading the readers (start-up, issue 21.6).
import type { S3Location } from '@mlops-actions/aws';
import { UserError } from '@mlops-actions/core';

/** Split `s3://bucket/key-or-prefix`; undefined when not an S3 URI. */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const match = uri.match(/^s3:\/\/([^/]+)\/?(.*)$/);
  if (!match) return undefined;
  return { bucket: match[1]!, key: match[2]! };
}

/** An optional input that must name an s3:// prefix: its location, or undefined when not given. */
export function s3PrefixInput(value: string | undefined, input: string): S3Location | undefined {
  if (value === undefined) return undefined;
  const at = parseS3Uri(value);
  if (!at)
    throw new UserError(
      `Input "${input}" must be an s3:// prefix (s3://bucket/reports), got ${JSON.stringify(value)}.`,
    );
  return at;
}
