import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runStep } from './harness/runner.js';

// The id join through the bundled action on files large enough that the champion is read on a worker thread (its
// ids hashed there by the CSV reader) and the join splits the ids into several partitions (join-ids.ts).
describe('evaluate-challenger (bundled action): two files joined on id', () => {
  const rows = 210_000; // ~9.5 MB a file: over the 8 MiB from which the champion is read off-thread
  const week = 7 * 86_400_000;
  const asOf = Date.parse('2026-11-23T00:00:00Z');
  let workspace: string;
  const line = (i: number, score: (i: number) => number) =>
    `ev-${i},${new Date(asOf - ((i * 7_919) % (4 * week))).toISOString()},${(i * 31) % 5 === 0 ? 1 : 0},${score(i)}`;
  const championScore = (i: number) => ((i * 7_927) % 10_000) / 10_000;
  const challengerScore = (i: number) => ((i * 7_933 + ((i * 31) % 5 === 0 ? 2_500 : 0)) % 10_000) / 10_000;

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'evaluate-join-'));
    const header = 'id,timestamp,label,score\n';
    // The challenger in another row order; the champion lacks every 50th id (i % 50 = 7) and has 20 of its own.
    const order = Array.from({ length: rows }, (_, k) => (k * 104_729) % rows);
    writeFileSync(
      join(workspace, 'challenger.csv'),
      `${header}${order.map((i) => line(i, challengerScore)).join('\n')}\n`,
    );
    const champion: string[] = [];
    for (let i = 0; i < rows; i++) if (i % 50 !== 7) champion.push(line(i, championScore));
    for (let k = 0; k < 20; k++) champion.push(`only-${k},2026-11-20T00:00:00.000Z,0,0.5`);
    writeFileSync(join(workspace, 'champion.csv'), `${header}${champion.join('\n')}\n`);
    // Both models' scores of the joined rows in one file: what the join must produce.
    const both = ['id,timestamp,label,challenger,champion'];
    for (const i of order) if (i % 50 !== 7) both.push(`${line(i, challengerScore)},${championScore(i)}`);
    writeFileSync(join(workspace, 'both.csv'), `${both.join('\n')}\n`);
  });

  const result = (res: { outputs: Record<string, string> }) =>
    JSON.parse(readFileSync(resolve(workspace, res.outputs['result-json']!), 'utf8'));

  it('scores the joined rows as the same rows given in one file, with the join counted', async () => {
    const joined = await runStep('evaluate-challenger', {
      workspace,
      inputs: { champion: 'champion.csv', challenger: 'challenger.csv', bootstrap: 0, 'min-join-rate': 0.9 },
    });
    expect(joined.errors).toEqual([]);
    const stats = result(joined).data; // read now: the next run writes the same result file
    const oneFile = await runStep('evaluate-challenger', {
      workspace,
      inputs: {
        champion: 'both.csv',
        challenger: 'both.csv',
        'champion-score-column': 'champion',
        'challenger-score-column': 'challenger',
        bootstrap: 0,
      },
    });
    expect(oneFile.errors).toEqual([]);
    const matched = rows - rows / 50;
    expect(stats).toMatchObject({
      challenger_rows: rows,
      champion_rows: matched + 20,
      joined_rows: matched,
    });
    expect(joined.outputs['challenger-score']).toBe(oneFile.outputs['challenger-score']);
    expect(joined.outputs['champion-score']).toBe(oneFile.outputs['champion-score']);
  });

  it('joins a small challenger to the champion partitioned on its worker thread at more bits, naming unjoined ids', async () => {
    // 20,000 rows: the challenger's ids are partitioned at 3 bits here, the champion's at 6 on its thread; the join
    // refines the challenger's. Too few join for the default min-join-rate: the message names ids of both sides.
    const lines = readFileSync(join(workspace, 'challenger.csv'), 'utf8').split('\n');
    writeFileSync(join(workspace, 'small.csv'), `${lines.slice(0, 20_001).join('\n')}\n`);
    const order = Array.from({ length: 20_000 }, (_, k) => (k * 104_729) % rows);
    const small = new Set(order);
    const onlyChallenger = order.filter((i) => i % 50 === 7).slice(0, 3);
    const onlyChampion: number[] = [];
    for (let i = 0; i < rows && onlyChampion.length < 3; i++)
      if (i % 50 !== 7 && !small.has(i)) onlyChampion.push(i);
    const joined = 20_000 - order.filter((i) => i % 50 === 7).length;
    const res = await runStep('evaluate-challenger', {
      workspace,
      inputs: { champion: 'champion.csv', challenger: 'small.csv', bootstrap: 0 },
    });
    expect(res.exitCode).toBe(1);
    const names = (ids: number[]) => ids.map((i) => `"ev-${i}"`).join(', ');
    expect(res.errors).toEqual([
      `Only ${((100 * joined) / (rows - rows / 50 + 20)).toFixed(2)}% of ids joined between champion (${rows - rows / 50 + 20} rows) and challenger (20000 rows) on "id"; min-join-rate is 0.99. Examples only in the challenger: ${names(onlyChallenger)}; only in the champion: ${names(onlyChampion)}. Evaluate both models on the same rows.`,
    ]);
  });

  it('names the first repeated id of the champion file, however far down', async () => {
    const champion = readFileSync(join(workspace, 'champion.csv'), 'utf8');
    writeFileSync(
      join(workspace, 'repeated.csv'),
      `${champion}ev-123456,2026-11-20T00:00:00.000Z,0,0.5\nev-8,2026-11-20T00:00:00.000Z,0,0.5\n`,
    );
    const res = await runStep('evaluate-challenger', {
      workspace,
      inputs: { champion: 'repeated.csv', challenger: 'challenger.csv', bootstrap: 0 },
    });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toEqual([
      'Champion predictions have the id "ev-123456" twice (column "id"). Ids must be unique to join the two models.',
    ]);
  });
});
