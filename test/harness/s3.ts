import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// s3rver implements the S3 REST protocol on a local directory.
import S3rver from 's3rver';
import { afterAll, beforeAll } from 'vitest';

/** A real S3-protocol server on 127.0.0.1, started and stopped by the test that needs it. */
export class LocalS3 {
  private server: any;
  private proxy: Server | undefined;
  private dir = '';
  private locks = new Map<string, Promise<void>>();
  endpoint = '';
  /** Requests seen by the server (method and path), for assertions. */
  readonly requests: { method: string; path: string; ifNoneMatch?: string; range?: string }[] = [];

  /** Start with the given buckets created. */
  async start(buckets: string[] = ['mlops-test']): Promise<this> {
    this.dir = mkdtempSync(join(tmpdir(), 'mlops-s3-'));
    this.server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: this.dir,
      configureBuckets: buckets.map((name) => ({ name, configs: [] })),
    });
    const address = (await this.server.run()) as AddressInfo;
    const upstream = `http://127.0.0.1:${address.port}`;
    // s3rver ignores If-None-Match on PUT; this loopback proxy adds S3's conditional-write semantics (412 when the
    // key exists), serialising writers per key so exactly one of two concurrent creators wins.
    this.proxy = createServer((req, res) => void this.forward(upstream, req, res));
    await new Promise<void>((resolve) => this.proxy!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.proxy.address() as AddressInfo).port}`;
    return this;
  }

  private async forward(
    upstream: string,
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) {
    const path = req.url ?? '/';
    const ifNoneMatch = req.headers['if-none-match'] as string | undefined;
    this.requests.push({ method: req.method ?? 'GET', path, ifNoneMatch, range: req.headers.range });
    const conditional = req.method === 'PUT' && ifNoneMatch === '*';
    const key = path.split('?')[0]!;
    let release: () => void = () => {};
    if (conditional) {
      const previous = this.locks.get(key) ?? Promise.resolve();
      const current = new Promise<void>((r) => {
        release = r;
      });
      this.locks.set(
        key,
        previous.then(() => current),
      );
      await previous;
      const exists = await new Promise<boolean>((resolve) => {
        const head = request(`${upstream}${key}`, { method: 'HEAD' }, (r) => {
          r.resume();
          resolve(r.statusCode === 200);
        });
        head.on('error', () => resolve(false));
        head.end();
      });
      if (exists) {
        for await (const _ of req) {
          // drain the body
        }
        res.writeHead(412, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition></Error>',
        );
        release();
        return;
      }
    }
    // Headers pass unchanged: they are covered by the SigV4 signature that s3rver verifies.
    const upstreamReq = request(
      `${upstream}${path}`,
      { method: req.method, headers: req.headers },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 500, upstreamRes.headers);
        upstreamRes.pipe(res);
        upstreamRes.on('end', release);
      },
    );
    upstreamReq.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
      release();
    });
    req.pipe(upstreamReq);
  }

  async stop(): Promise<void> {
    if (this.proxy) {
      this.proxy.closeAllConnections();
      await new Promise<void>((resolve) => this.proxy!.close(() => resolve()));
      this.proxy = undefined;
    }
    if (this.server) await this.server.close();
    this.server = undefined;
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  /** Environment for a step or client that should talk to this server through the SDK's own variables. */
  env(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_S3: this.endpoint,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    };
  }
}

/**
 * The local-S3 fixture for a `describe` block: starts a LocalS3 with `buckets` before its tests and points this
 * process's AWS SDK at it through the SDK's own variables (AWS_ENDPOINT_URL_S3, credentials), then restores them
 * and stops the server. Package tests reach the same server the bundled actions use, so it lives here with the
 * harness rather than in a package's `testing` entry (s3rver is a test-only dependency of the workspace root).
 */
export function useLocalS3(buckets: string[]): LocalS3 {
  const server = new LocalS3();
  const saved = { ...process.env };
  beforeAll(async () => {
    await server.start(buckets);
    Object.assign(process.env, server.env());
  });
  afterAll(async () => {
    for (const name of Object.keys(server.env())) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await server.stop();
  });
  return server;
}
