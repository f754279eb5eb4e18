import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { STAND_IN_AWS_ENV } from './aws-json.js';

/**
 * A stand-in for AWS services that speak the Query protocol (CloudFormation) on 127.0.0.1: form-encoded requests
 * (`Action=…`), XML responses, errors as `<ErrorResponse>`. Handlers get the flat form fields (`StackName`,
 * `Parameters.member.1.ParameterKey`, …) and return the `…Result` object, serialised with lists as `<member>`.
 * Point AWS_ENDPOINT_URL_CLOUDFORMATION at `url`.
 */
export class FakeAwsQuery {
  readonly calls: { action: string; params: Record<string, string> }[] = [];
  readonly handlers = new Map<string, (params: Record<string, string>) => unknown>();
  private server: Server | undefined;
  url = '';

  on(action: string, handler: (params: Record<string, string>) => unknown): this {
    this.handlers.set(action, handler);
    return this;
  }

  callsTo(action: string) {
    return this.calls.filter((c) => c.action === action);
  }

  env(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_CLOUDFORMATION: this.url,
      ...STAND_IN_AWS_ENV,
    };
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        const action = params.Action ?? '';
        this.calls.push({ action, params });
        const ns = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
        const send = (status: number, xml: string) => {
          res.writeHead(status, { 'content-type': 'text/xml' });
          res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
        };
        try {
          const handler = this.handlers.get(action);
          if (!handler) throw Object.assign(new Error(`No handler for ${action}`), { name: 'InvalidAction' });
          const result = (await handler(params)) ?? {};
          send(
            200,
            `<${action}Response xmlns="${ns}"><${action}Result>${toXml(result)}</${action}Result><ResponseMetadata><RequestId>r${this.calls.length}</RequestId></ResponseMetadata></${action}Response>`,
          );
        } catch (error) {
          const e = error as Error;
          send(
            400,
            `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${e.name}</Code><Message>${escapeXml(e.message)}</Message></Error><RequestId>r${this.calls.length}</RequestId></ErrorResponse>`,
          );
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

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function toXml(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  return escapeXml(String(value));
}
