import { defineAction, githubTokenInput } from '@mlops-actions/github';

/** A test-only action that exercises every channel the harness observes. */
export const probeDefinition = defineAction({
  id: 'probe',
  name: 'harness probe',
  description:
    'Sets outputs, writes a summary, posts a sticky comment, writes to S3 and saves state for its post step.',
  branding: { icon: 'check', color: 'gray-dark' },
  inputs: {
    greeting: { description: 'Text echoed to an output.', default: 'hello' },
    'comment-header': { description: 'Sticky comment header.', default: 'probe' },
    's3-uri': { description: 'Where to put an object (s3://bucket/key).' },
    'log-line': { description: 'A line written to the log (may look like a workflow command).' },
    fail: { description: 'Fail with a user error.', default: 'false' },
    'github-token': githubTokenInput,
  },
  outputs: {
    greeting: { description: 'The greeting.' },
    multiline: { description: 'A value with newlines.' },
    'comment-action': { description: 'created, updated or unchanged.' },
  },
  post: { if: 'always()', description: 'Reports the saved state.' },
});
