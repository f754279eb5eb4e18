import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './harness/runner.js';

// SECURITY.md names the test behind each claim as `file` › "test name": each named test must exist.
const security = readFileSync(join(repoRoot, 'SECURITY.md'), 'utf8');
const REFERENCE = /`([^`]+\.test\.ts)` › "([^"]+)"/g;
const references = [...security.matchAll(REFERENCE)].map((m) => ({ file: m[1]!, name: m[2]! }));

describe('SECURITY.md', () => {
  it('names a test for every threat it lists', () => {
    const rows = security.split('\n').filter((line) => /^\| \*\*/.test(line));
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row, row.slice(0, 60)).toMatch(REFERENCE);
  });

  it.each(references)('$file holds the test "$name"', ({ file, name }) => {
    const path = join(repoRoot, file);
    expect(existsSync(path), file).toBe(true);
    const source = readFileSync(path, 'utf8');
    const quoted = [`'${name}'`, `"${name}"`, `\`${name}\``];
    expect(
      quoted.some((q) => source.includes(`it(${q}`) || (source.includes(`it.each(`) && source.includes(q))),
      `${file} has no test named ${JSON.stringify(name)}`,
    ).toBe(true);
  });
});
