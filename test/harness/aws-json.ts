import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What a step needs besides the endpoint to call a stand-in: a region, static test credentials, no instance-metadata
 * lookup and no SDK retry (a stand-in's scripted failure is seen once).
 */
export const STAND_IN_AWS_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_MAX_ATTEMPTS: '1',
};

/** An error an operation handler throws to answer like AWS (`__type` and HTTP 400). */
export class AwsFault extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

export interface AwsJsonCall {
  target: string;
  operation: string;
  input: Record<string, unknown>;
}

type Handler = (input: Record<string, unknown>) => unknown | Promise<unknown>;

/**
 * A stand-in for AWS services that speak the JSON 1.1 protocol (SageMaker, CloudWatch Logs) on 127.0.0.1, so a
 * bundled action run as a child process can be scripted: point AWS_ENDPOINT_URL_SAGEMAKER /
 * AWS_ENDPOINT_URL_CLOUDWATCH_LOGS at `url`. Operations are answered by handlers keyed by operation name
 * (`CreateTrainingJob`), and every call is recorded.
 */
export class FakeAwsJson {
  readonly calls: AwsJsonCall[] = [];
  readonly handlers = new Map<string, Handler>();
  private server: Server | undefined;
  url = '';

  on(operation: string, handler: Handler): this {
    this.handlers.set(operation, handler);
    return this;
  }

  callsTo(operation: string): AwsJsonCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  /** Environment for a step: endpoints, region and static test credentials. */
  env(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_SAGEMAKER: this.url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: this.url,
      ...STAND_IN_AWS_ENV,
    };
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const operation = target.split('.').pop() ?? '';
        const input = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        this.calls.push({ target, operation, input });
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-requestid': `req-${this.calls.length}`,
          });
          res.end(JSON.stringify(body));
        };
        const handler = this.handlers.get(operation);
        if (!handler)
          return reply(400, { __type: 'UnknownOperationException', message: `No handler for ${operation}` });
        try {
          reply(200, (await handler(input)) ?? {});
        } catch (error) {
          if (error instanceof AwsFault) reply(error.status, { __type: error.type, message: error.message });
          else if (error instanceof Error && error.name !== 'Error')
            reply(400, { __type: error.name, message: error.message });
          else reply(500, { __type: 'InternalFailure', message: String(error) });
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
