import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runStep } from './harness/runner.js';

// bootstrap-method through the bundled action: `auto` (the default) takes the influence-function interval on a
// large sample and resamples a small one; `poisson` forces the resampling.
describe('evaluate-challenger (bundled action): the interval method', () => {
  const rows = 60_000; // over auto's 50,000 rows, ~3,000 positives per weekly window
  const week = 7 * 86_400_000;
  const asOf = Date.parse('2026-11-23T00:00:00Z');
  let large: string;
  let small: string;

  beforeAll(() => {
    // Deterministic pseudo-noise (a multiplicative hash), labels ~20 %, the challenger a little sharper.
    const noise = (i: number, salt: number) => (((i * 2_654_435_761 + salt) >>> 0) % 100_000) / 100_000;
    const models = { champion: 0.25, challenger: 0.3 };
    large = mkdtempSync(join(tmpdir(), 'evaluate-interval-'));
    for (const [model, edge] of Object.entries(models)) {
      const lines = ['id,timestamp,label,score'];
      for (let i = 0; i < rows; i++) {
        const label = noise(i, 17) < 0.2 ? 1 : 0;
        const score = label * edge + noise(i, model === 'champion' ? 101 : 202) * 0.7;
        lines.push(
          `r${i},${new Date(asOf - ((i * 7_919) % (4 * week))).toISOString()},${label},${score.toFixed(4)}`,
        );
      }
      writeFileSync(join(large, `${model}.csv`), `${lines.join('\n')}\n`);
    }
    small = mkdtempSync(join(tmpdir(), 'evaluate-interval-small-'));
    for (const f of ['champion.csv', 'challenger.csv'])
      copyFileSync(join(repoRoot, 'examples/data/evaluate', f), join(small, f));
  });

  const run = (workspace: string, inputs: Record<string, string | number>) =>
    runStep('evaluate-challenger', {
      event: 'schedule',
      workspace,
      inputs: { champion: 'champion.csv', challenger: 'challenger.csv', ...inputs },
    });
  const resultOf = (workspace: string, res: { outputs: Record<string, string | undefined> }) =>
    JSON.parse(readFileSync(resolve(workspace, res.outputs['result-json']!), 'utf8'));

  it('auto takes the influence interval on a large sample, and poisson resamples the same rows alike', async () => {
    const auto = await run(large, {});
    expect(auto.errors).toEqual([]);
    const result = resultOf(large, auto);
    expect(result.inputs.bootstrap_method).toBe('auto');
    expect(result.bootstrap).toMatchObject({ method: 'influence', resamples: 0, undefined_resamples: 0 });
    expect(result.bootstrap.method_reason).toMatch(
      /^bootstrap-method auto: 60,000 rows, at least [\d,]+ of each class in every scored window/,
    );
    expect(auto.log).not.toContain('Resampling on');
    expect(auto.log).toContain(
      'Influence-function interval (DeLong-type), no resampling: bootstrap-method auto',
    );
    expect(auto.summary).toContain(
      'Influence-function interval (DeLong-type, no resampling; bootstrap-method auto',
    );
    expect(auto.summary).toContain('set bootstrap-method: poisson to resample');
    const html = readFileSync(resolve(large, auto.outputs['report-path']!), 'utf8');
    expect(html).toContain('Influence-function interval (DeLong-type, no resampling');

    const poisson = await run(large, { 'bootstrap-method': 'poisson', bootstrap: 400 });
    expect(poisson.errors).toEqual([]);
    expect(poisson.log).toMatch(/Resampling on \d+ thread\(s\): 400 bootstrap resamples\./);
    const resampled = resultOf(large, poisson).bootstrap;
    expect(resampled).toMatchObject({
      method: 'poisson',
      resamples: 400,
      method_reason: 'bootstrap-method: poisson',
    });
    expect(poisson.summary).toContain('Paired bootstrap (400 resamples, seed 42)');
    // Same rows, same decision; the standard errors agree within the 400 resamples' Monte Carlo error (~3.5 %).
    expect(poisson.outputs.decision).toBe(auto.outputs.decision);
    const se = resampled.standard_error;
    expect(result.bootstrap.standard_error / se).toBeGreaterThan(0.88);
    expect(result.bootstrap.standard_error / se).toBeLessThan(1.12);
    expect(Math.abs(result.bootstrap.low - resampled.low) / se).toBeLessThan(0.35);
    expect(Math.abs(result.bootstrap.high - resampled.high) / se).toBeLessThan(0.35);
  });

  it('auto resamples a small sample, and says why', async () => {
    const res = await run(small, { bootstrap: 100 });
    expect(res.errors).toEqual([]);
    expect(res.log).toMatch(/Resampling on \d+ thread\(s\): 100 bootstrap resamples\./);
    const { bootstrap } = resultOf(small, res);
    expect(bootstrap).toMatchObject({ method: 'poisson', resamples: 100 });
    expect(bootstrap.method_reason).toMatch(
      /^bootstrap-method auto: [\d,]+ rows, .*, resampled \(influence from 50,000 rows/,
    );
    expect(res.summary).toContain('Method: bootstrap-method auto');
  });

  it('refuses bootstrap-method: influence for a metric it does not cover, naming the input', async () => {
    const res = await run(small, { 'bootstrap-method': 'influence', metric: 'log-loss' });
    expect(res.exitCode).not.toBe(0);
    expect(res.errors.join('\n')).toContain(
      'Input "bootstrap-method" (influence) covers average-precision and roc-auc, not "log-loss"',
    );
  });
});
