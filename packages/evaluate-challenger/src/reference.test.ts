import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvaluationResult } from '@mlops-actions/core';
import { testDeps, testInputs } from '@mlops-actions/github/testing';
import { describe, expect, it } from 'vitest';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { evaluateChallenger } from './run.js';

// End to end against pandas + scikit-learn (fixtures/generate.py): the example files, read, windowed and scored.
const here = fileURLToPath(new URL('.', import.meta.url));
const examples = resolve(here, '../../../examples/data/evaluate');
const reference = JSON.parse(readFileSync(resolve(here, '../fixtures/reference.json'), 'utf8')) as {
  cases: {
    metric: string;
    gamma: number;
    normalize: boolean;
    max_windows: number;
    champion: { windows: (number | null)[]; score: number };
    challenger: { windows: (number | null)[]; score: number };
  }[];
};
const out = mkdtempSync(join(tmpdir(), 'evaluate-reference-'));

describe('time-decayed score matches pandas + scikit-learn on the example data', () => {
  it.each(reference.cases)(
    '$metric gamma=$gamma normalize=$normalize max-windows=$max_windows',
    async (c) => {
      const resultPath = join(out, `${c.metric}-${c.gamma}-${c.normalize}.json`);
      const values: Record<string, string> = {
        champion: join(examples, 'champion.csv'),
        challenger: join(examples, 'challenger.csv'),
        metric: c.metric,
        gamma: String(c.gamma),
        normalize: String(c.normalize),
        'max-windows': String(c.max_windows),
        bootstrap: '0',
        'result-path': resultPath,
      };
      await evaluateChallenger(testInputs({ definition, parseInputs }, values), testDeps());
      const result = JSON.parse(readFileSync(resultPath, 'utf8')) as EvaluationResult;
      for (const model of ['champion', 'challenger'] as const) {
        const ours = result[model]!;
        expect(ours.score).toBeCloseTo(c[model].score, 12);
        expect(ours.windows.map((w) => w.value)).toHaveLength(c[model].windows.length);
        ours.windows.forEach((w, k) => {
          const ref = c[model].windows[k];
          if (ref === null) expect(w.value).toBeNull();
          else expect(w.value).toBeCloseTo(ref as number, 12);
        });
      }
    },
  );
});
