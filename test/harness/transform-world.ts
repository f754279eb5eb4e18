/**
 * Batch Transform jobs on top of the in-memory SageMaker of sagemaker-world.ts: CreateTransformJob checks the model
 * exists and the name is new (AWS's ValidationException wording), DescribeTransformJob walks the job through the
 * statuses the test scripts (`InProgress` for `pollsToFinish` describes, then `outcome`), StopTransformJob moves it
 * to Stopping then Stopped. Its `handlers` serve aws-sdk-client-mock in unit tests and FakeAwsJson in harness tests.
 */
import { SageMakerWorld } from './sagemaker-world.js';

type Input = Record<string, any>;

// The account and region of sagemaker-world.ts's ARNs.
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

const fault = (name: string, message: string) => Object.assign(new Error(message), { name });

interface TransformJob {
  request: Input;
  status: 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';
  polls: number;
}

export class TransformWorld extends SageMakerWorld {
  readonly jobs = new Map<string, TransformJob>();
  /** Describe calls a new job stays InProgress. */
  pollsToFinish = 2;
  /** How jobs end. */
  outcome: 'Completed' | 'Failed' = 'Completed';
  failureReason = 'ClientError: See job logs for more information';

  readonly transformHandlers: Record<string, (input: Input) => unknown> = {
    CreateTransformJob: (i) => {
      if (this.jobs.has(i.TransformJobName))
        throw fault(
          'ValidationException',
          `Job name must be unique within an AWS account and region, and a job with this name already exists (${this.arn(i.TransformJobName)})`,
        );
      if (!this.models.has(i.ModelName))
        throw fault('ValidationException', `Could not find model "${this.modelArn(i.ModelName)}".`);
      this.jobs.set(i.TransformJobName, { request: i, status: 'InProgress', polls: 0 });
      return { TransformJobArn: this.arn(i.TransformJobName) };
    },
    DescribeTransformJob: (i) => {
      const job = this.jobs.get(i.TransformJobName);
      if (!job)
        throw fault('ValidationException', `Could not find requested job with name ${i.TransformJobName}`);
      job.polls++;
      if (job.status === 'InProgress' && job.polls > this.pollsToFinish) job.status = this.outcome;
      else if (job.status === 'Stopping' && job.polls > 1) job.status = 'Stopped';
      const done = job.status !== 'InProgress' && job.status !== 'Stopping';
      return {
        ...job.request,
        TransformJobArn: this.arn(i.TransformJobName),
        TransformJobStatus: job.status,
        ...(job.status === 'Failed' ? { FailureReason: this.failureReason } : {}),
        CreationTime: new Date('2026-11-24T12:00:00Z'),
        TransformStartTime: new Date('2026-11-24T12:01:00Z'),
        ...(done ? { TransformEndTime: new Date('2026-11-24T12:13:34Z') } : {}),
      };
    },
    StopTransformJob: (i) => {
      const job = this.jobs.get(i.TransformJobName);
      if (!job)
        throw fault('ValidationException', `Could not find requested job with name ${i.TransformJobName}`);
      job.status = 'Stopping';
      job.polls = 0;
      return {};
    },
  };

  /** Every operation: the registry, models and endpoints of SageMakerWorld and the transform jobs. */
  get allHandlers(): Record<string, (input: Input) => unknown> {
    return { ...this.handlers, ...this.transformHandlers };
  }

  /** The handlers as the JSON protocol carries them (timestamps as epoch seconds), for FakeAwsJson. */
  get wireHandlers(): Record<string, (input: Input) => unknown> {
    const wire = (value: unknown): unknown =>
      value instanceof Date
        ? value.getTime() / 1000
        : value && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wire(v)]))
          : value;
    return Object.fromEntries(
      Object.entries(this.allHandlers).map(([op, handler]) => [op, (input: Input) => wire(handler(input))]),
    );
  }

  arn(name: string): string {
    return `arn:aws:sagemaker:${REGION}:${ACCOUNT}:transform-job/${name.toLowerCase()}`;
  }

  modelArn(name: string): string {
    return `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/${name.toLowerCase()}`;
  }
}
