import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDeps, testInputs } from '@mlops-actions/github/testing';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module (the fixture generator's DMS writer), without types
import { dmsHistory, writeCsv, writeDmsCsv } from '../../../test/fixtures/live-tables/dms.mjs';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { evaluateChallenger } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'evaluate-live-'));

async function run(values: Record<string, string>) {
  const resultPath = join(dir, `r-${Math.random()}.json`);
  await evaluateChallenger(
    testInputs({ definition, parseInputs }, { 'result-path': resultPath, bootstrap: '0', ...values }),
    testDeps(),
  );
  return JSON.parse(readFileSync(resultPath, 'utf8'));
}

describe('evaluate-challenger on raw DMS output', () => {
  // Champion scores kept in a table DMS replicates (re-scored rows, deletes, out-of-order change files).
  const champion: [string, number, string][] = [];
  const challenger = ['id,timestamp,label,score'];
  for (let i = 0; i < 300; i++) {
    const label = i % 3 === 0 ? 1 : 0;
    const t = new Date(Date.parse('2026-11-20T00:00:00Z') - (i % 21) * 86_400_000).toISOString();
    champion.push([`e${i}`, Number((label ? 0.55 + (i % 9) / 40 : 0.2 + (i % 13) / 30).toFixed(3)), t]);
    challenger.push(`e${i},${t},${label},${(label ? 0.6 + (i % 7) / 25 : 0.3 + (i % 11) / 40).toFixed(3)}`);
  }
  writeFileSync(join(dir, 'challenger.csv'), `${challenger.join('\n')}\n`);
  writeCsv(join(dir, 'champion.csv'), ['id', 'score', 'timestamp'], champion);
  const history = dmsHistory(champion, (score: number) => Number((1 - score).toFixed(3)));
  writeDmsCsv(join(dir, 'dms/champion'), ['id', 'score', 'timestamp'], history, 'updated_at');

  it('with cdc-key: the same evaluation as the live champion file; without it, a different one', async () => {
    const common = { challenger: join(dir, 'challenger.csv') };
    const plain = await run({ ...common, champion: join(dir, 'champion.csv') });
    const live = await run({
      ...common,
      champion: join(dir, 'dms/champion'),
      'cdc-key': 'id',
      'cdc-timestamp-column': 'updated_at',
    });
    expect(live.champion).toEqual(plain.champion);
    expect(live.decision).toBe(plain.decision);
    // Read as plain files, every change row is a prediction: ids repeat, which the join refuses.
    await expect(run({ ...common, champion: join(dir, 'dms/champion') })).rejects.toThrow(
      'Champion predictions have the id "e4" twice (column "id").',
    );
  });
});
