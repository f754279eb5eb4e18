import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// s3rver implements the S3 REST protocol on a local directory.
import S3rver from 's3rver';

/** A real S3-protocol server on 127.0.0.1, started and stopped by the test that needs it. */
export class LocalS3 {
  private server: any;
  private dir = '';
  endpoint = '';

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
    this.endpoint = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async stop(): Promise<void> {
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
