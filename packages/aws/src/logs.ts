import {
  type CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { awsError } from './errors.js';
import type { ProgressLog } from './wait.js';

/** The log group SageMaker training jobs write to. */
const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';

/** Follows a job's CloudWatch log streams (`<job>/algo-N-…`), printing new lines as they appear. */
export class LogFollower {
  private readonly tokens = new Map<string, string | undefined>();
  private warned = false;
  private readonly logs: CloudWatchLogsClient;
  private readonly job: string;
  private readonly logger: ProgressLog;
  private readonly group: string;
  constructor(logs: CloudWatchLogsClient, job: string, logger: ProgressLog, group = TRAINING_LOG_GROUP) {
    this.logs = logs;
    this.job = job;
    this.logger = logger;
    this.group = group;
  }

  private async streams(): Promise<string[]> {
    const streams: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: this.group,
          logStreamNamePrefix: `${this.job}/`,
          nextToken,
        }),
      );
      for (const s of page.logStreams ?? []) if (s.logStreamName) streams.push(s.logStreamName);
      nextToken = page.nextToken;
    } while (nextToken);
    return streams.sort();
  }

  /** Print the lines that appeared since the last poll; returns how many events were printed. */
  async poll(): Promise<number> {
    let printed = 0;
    try {
      const streams = await this.streams();
      for (const stream of streams) {
        const prefix = streams.length > 1 ? `[${stream.slice(this.job.length + 1)}] ` : '';
        for (;;) {
          const token = this.tokens.get(stream);
          const page = await this.logs.send(
            new GetLogEventsCommand({
              logGroupName: this.group,
              logStreamName: stream,
              startFromHead: true,
              nextToken: token,
            }),
          );
          for (const e of page.events ?? []) {
            for (const line of (e.message ?? '').replace(/\n$/, '').split('\n'))
              this.logger.info(`${prefix}${line}`);
            printed++;
          }
          this.tokens.set(stream, page.nextForwardToken);
          // The same token back means the end of the stream for now.
          if (!page.events?.length || page.nextForwardToken === token) break;
        }
      }
    } catch (error) {
      const { name, message } = awsError(error);
      if (name === 'ResourceNotFoundException') return printed; // the log group appears with the first job
      if (!this.warned) {
        this.warned = true;
        this.logger.warning(
          `Cannot read the training logs (${name}: ${message}); grant logs:DescribeLogStreams and logs:GetLogEvents on ${this.group} to see them here. Waiting without logs.`,
        );
      }
    }
    return printed;
  }
}
