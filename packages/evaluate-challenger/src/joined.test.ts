import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDeps, testInputs } from '@mlops-actions/github/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { loadJoined } from './joined.js';

const dir = mkdtempSync(join(tmpdir(), 'joined-'));

// ~9.5 MiB per file: above the 8 MiB from which the champion's file is read on a worker thread.
function predictions(name: string, rows: number, offset: number, bad?: number): string {
  const lines = ['id,timestamp,label,score'];
  for (let k = 0; k < rows; k++) {
    const i = (k * 7 + offset) % rows;
    const t = new Date(Date.parse('2026-11-20T00:00:00Z') - (i % 14) * 86_400_000).toISOString();
    lines.push(`user-${i},${t},${i % 3 === 0 ? 1 : 0},${k === bad ? 'oops' : ((i % 997) / 997).toFixed(4)}`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const load = (champion: string, challenger: string) => {
  const inputs = testInputs(
    { definition, parseInputs },
    { champion, challenger, 'result-path': join(dir, 'r.json') },
  );
  return loadJoined(inputs, testDeps());
};

describe('loadJoined with large local files', () => {
  const threads = process.env.MLOPS_WORKER_THREADS;
  afterEach(() => {
    if (threads === undefined) delete process.env.MLOPS_WORKER_THREADS;
    else process.env.MLOPS_WORKER_THREADS = threads;
  });

  it('reads the champion on a worker thread with the same join as reading both here', async () => {
    const rows = 200_000;
    const champion = predictions('champion.csv', rows, 3);
    const challenger = predictions('challenger.csv', rows, 0);
    process.env.MLOPS_WORKER_THREADS = '2';
    const threaded = await load(champion, challenger);
    process.env.MLOPS_WORKER_THREADS = '1';
    const inline = await load(champion, challenger);
    expect(threaded.stats).toEqual({
      challenger_rows: rows,
      champion_rows: rows,
      joined_rows: rows,
      join_rate: 1,
    });
    expect(threaded.championScores).toEqual(inline.championScores);
    expect(threaded.challengerScores).toEqual(inline.challengerScores);
    expect(threaded.timestamps).toEqual(inline.timestamps);
  }, 60_000);

  it("keeps a worker's user error as the reader wrote it (file, line, column, value)", async () => {
    const rows = 200_000;
    const champion = predictions('bad-champion.csv', rows, 3, 190_000);
    const challenger = predictions('ok-challenger.csv', rows, 0);
    process.env.MLOPS_WORKER_THREADS = '2';
    await expect(load(champion, challenger)).rejects.toMatchObject({
      name: 'UserError',
      message: expect.stringMatching(/bad-champion\.csv.*line 190002.*score.*oops/),
    });
  }, 60_000);
});
