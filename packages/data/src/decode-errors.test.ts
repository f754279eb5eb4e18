import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readBatches } from './read.js';

// Decoding failures are recognised by Node's error codes (ERR_ENCODING_INVALID_ENCODED_DATA, Z_DATA_ERROR,
// Z_BUF_ERROR), not by their wording; each must become the one-line user error naming the file.
const dir = mkdtempSync(join(tmpdir(), 'mlops-decode-'));
async function read(name: string, content: Buffer) {
  const path = join(dir, name);
  writeFileSync(path, content);
  for await (const _ of readBatches(path, { columns: { a: 'string' }, inputName: 'challenger' })) {
    // drain
  }
}

describe('decoding errors', () => {
  const gz = gzipSync(Buffer.from(`a\n${'x\n'.repeat(10_000)}`));

  it('a truncated gzip file is a user error naming the file', async () => {
    await expect(read('cut.csv.gz', gz.subarray(0, gz.length - 20))).rejects.toMatchObject({
      name: 'UserError',
      message: expect.stringMatching(/cut\.csv\.gz: the gzip data is corrupt or truncated\./),
    });
  });

  it('corrupt gzip data (valid magic, broken header) is a user error naming the file', async () => {
    const broken = Buffer.from(gz);
    broken[2] = 0x63; // compression method other than deflate
    await expect(read('bad.csv.gz', broken)).rejects.toMatchObject({
      name: 'UserError',
      message: expect.stringMatching(/bad\.csv\.gz: the gzip data is corrupt or truncated\./),
    });
  });

  it('bytes that are not UTF-8 are a user error with the byte offset', async () => {
    await expect(read('latin.csv', Buffer.from([0x61, 0x0a, 0xff, 0x0a]))).rejects.toMatchObject({
      name: 'UserError',
      message: expect.stringMatching(/latin\.csv: the file is not valid UTF-8 \(byte 2\)\./),
    });
  });
});
