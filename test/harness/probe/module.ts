import { PutObjectCommand } from '@aws-sdk/client-s3';
import { awsClients } from '@mlops-actions/aws';
import { UserError } from '@mlops-actions/core';
import { defineActionModule, upsertStickyComment } from '@mlops-actions/github';
import { probeDefinition } from './definition.js';

export const probe = defineActionModule({
  definition: probeDefinition,
  parseInputs: (r) => ({
    greeting: r.string('greeting'),
    header: r.string('comment-header'),
    s3Uri: r.optionalString('s3-uri'),
    logLine: r.optionalString('log-line'),
    fail: r.boolean('fail'),
    token: r.raw('github-token'),
  }),
  async run(inputs, deps) {
    if (inputs.fail) throw new UserError('The probe was asked to fail.', { hint: 'Set fail: false.' });
    if (inputs.logLine) deps.logger.info(inputs.logLine);
    deps.state.save('greeting', inputs.greeting);
    let commentAction = 'none';
    const { repository, pullRequestNumber } = deps.context;
    if (deps.github && repository && pullRequestNumber) {
      const res = await upsertStickyComment(
        deps.github,
        { ...repository, issueNumber: pullRequestNumber, header: inputs.header, action: 'probe' },
        `**${inputs.greeting}** from run ${deps.context.runId}`,
      );
      commentAction = res.action;
    }
    if (inputs.s3Uri) {
      const match = inputs.s3Uri.match(/^s3:\/\/([^/]+)\/(.+)$/)!;
      await awsClients
        .s3(deps.env)
        .send(new PutObjectCommand({ Bucket: match[1], Key: match[2], Body: inputs.greeting }));
    }
    return {
      outputs: {
        greeting: inputs.greeting,
        multiline: 'line one\nline two',
        'comment-action': commentAction,
      },
      summary: `## Probe\n\n${inputs.greeting}\n`,
    };
  },
  async post(deps) {
    deps.logger.info(`post saw greeting=${deps.state.get('greeting')}`);
  },
});
