import { existsSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileExclusive, writeFileAtomic } from './files.js';

/** A directory holding temporary files as a killed writer leaves them: `old` ones an hour old, `fresh` ones now. */
function withTemps(old: string[], fresh: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'temps-'));
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const name of [...old, ...fresh]) writeFileSync(join(dir, name), 'half a write');
  for (const name of old) utimesSync(join(dir, name), hourAgo, hourAgo);
  return dir;
}

describe('orphaned temporary files of killed writers', () => {
  it('writeFileAtomic removes old temps of its own target only, and keeps fresh ones and look-alikes', async () => {
    const dir = withTemps(
      ['.result.json.0123456789ab.tmp', '.other.json.0123456789ab.tmp', '.result.json.notours.tmp'],
      ['.result.json.ba9876543210.tmp'],
    );
    await writeFileAtomic(join(dir, 'result.json'), '{}');
    expect(readdirSync(dir).sort()).toEqual([
      '.other.json.0123456789ab.tmp',
      '.result.json.ba9876543210.tmp',
      '.result.json.notours.tmp',
      'result.json',
    ]);
  });

  it('createFileExclusive removes old temps of any record in its directory (a ledger holds only records)', async () => {
    const dir = withTemps(['.8100-1.json.0123456789ab.tmp'], ['.8200-1.json.ba9876543210.tmp']);
    expect(await createFileExclusive(join(dir, '8300-1.json'), '{}')).toBe(true);
    expect(existsSync(join(dir, '.8100-1.json.0123456789ab.tmp'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['.8200-1.json.ba9876543210.tmp', '8300-1.json']);
  });
});
