// The interval methods of evaluate-challenger side by side (part of `pnpm bench:decisions`): the influence-function
// interval against 1000 Poisson resamples on the same simulated data from 1,000 to 1,000,000 rows (how closely they
// agree, which sets bootstrap-method auto's rule), and both intervals' coverage of a known difference.
import { type MetricSpec, parseMetric } from '@mlops-actions/core';
import {
  type BootstrapInput,
  pairedBootstrap,
  planBootstrap,
} from '../packages/core/src/evaluation/bootstrap.js';
import {
  AP_MIN_POSITIVE_RATE,
  INFLUENCE_MIN_PER_CLASS,
  INFLUENCE_MIN_ROWS,
  influenceInterval,
} from '../packages/core/src/evaluation/bootstrap-influence.js';
import { metricValue } from '../packages/core/src/metrics/registry.js';
import { modelPair } from './decisions-sim.js';
import { table } from './results-section.js';

const WINDOWS = 3;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const fmt = (x: number) => Number(x.toPrecision(3)).toString();
const count = (n: number) => n.toLocaleString('en-US');

/** A champion (skill 1) and a challenger of `skill` over `rows` rows in 3 equal windows, γ 0.8, normalized. */
function pairInput(spec: MetricSpec, seed: number, rows: number, skill: number, prevalence: number) {
  const pair = modelPair(seed, rows, 1, skill, prevalence);
  const windows = Array.from({ length: WINDOWS }, (_, k) => {
    const [from, to] = [Math.floor((k * rows) / WINDOWS), Math.floor(((k + 1) * rows) / WINDOWS)];
    return Uint32Array.from({ length: to - from }, (_, i) => from + i);
  });
  let fewest = rows;
  for (const w of windows) {
    let positives = 0;
    for (const r of w) positives += pair.labels[r]!;
    fewest = Math.min(fewest, positives, w.length - positives);
  }
  const input: BootstrapInput = {
    spec,
    champion: { labels: pair.labels, scores: pair.champion },
    challenger: { labels: pair.labels, scores: pair.challenger },
    windows,
    gamma: 0.8,
    normalize: true,
    resamples: 1000,
    seed,
  };
  return { input, fewest };
}

/** Both intervals on one simulated evaluation, and the time each took (one thread). */
function both(input: BootstrapInput) {
  let t = performance.now();
  const poisson = pairedBootstrap(input);
  const poissonMs = performance.now() - t;
  t = performance.now();
  const influence = influenceInterval(planBootstrap(input));
  return { poisson, influence, poissonMs, influenceMs: performance.now() - t };
}

/** Markdown sections: agreement per size and prevalence, then coverage of a known difference. */
export function intervalSections(smoke: boolean): string[] {
  const out: string[] = [];
  const sizes = smoke ? [1000, 10_000] : [1000, 3000, 10_000, 30_000, 100_000, 1_000_000];
  const prevalences = smoke ? [0.3] : [0.3, 0.03, 0.005];
  const agreement: (string | number)[][] = [];
  for (const metric of ['average-precision', 'roc-auc']) {
    const spec = parseMetric(metric);
    for (const prevalence of prevalences)
      for (const rows of sizes) {
        const runs = smoke
          ? 2
          : (({ 1000: 40, 3000: 30, 10000: 20, 30000: 8, 100000: 3 } as Record<number, number>)[rows] ?? 1);
        let [ratio, worstRatio, ends, share, fewest, poissonMs, influenceMs] = [0, 1, 0, 0, 0, 0, 0];
        for (let s = 0; s < runs; s++) {
          const sim = pairInput(spec, 70_000 + s, rows, 1.05, prevalence);
          const r = both(sim.input);
          const se = r.poisson.standard_error!;
          const q = r.influence.standard_error! / se;
          ratio += q / runs;
          if (Math.abs(q - 1) > Math.abs(worstRatio - 1)) worstRatio = q;
          ends = Math.max(ends, Math.abs(r.influence.low! - r.poisson.low!) / se);
          ends = Math.max(ends, Math.abs(r.influence.high! - r.poisson.high!) / se);
          share = Math.max(
            share,
            Math.abs(r.influence.share_challenger_better! - r.poisson.share_challenger_better!),
          );
          fewest += sim.fewest / runs;
          poissonMs += r.poissonMs / runs;
          influenceMs += r.influenceMs / runs;
        }
        agreement.push([
          metric,
          count(rows),
          prevalence,
          count(Math.round(fewest)),
          runs,
          fmt(ratio),
          fmt(worstRatio),
          fmt(ends),
          fmt(share),
          `${fmt(poissonMs)} / ${fmt(influenceMs)}`,
        ]);
      }
  }
  out.push(`### Interval methods: influence function against 1000 Poisson resamples (same data)

Champion skill 1, challenger 1.05 (score = label · skill + N(0, 1)), 3 equal windows, γ = 0.8, normalized; the
Poisson bootstrap with 1000 resamples is the reference, whose own Monte Carlo error is about 2.2 % on the standard
error, 0.1–0.15 SE on a 2.5 % quantile and up to 0.016 on a share (at 50 %). "Fewest of a class" is the smallest count
of positives or negatives in a window (mean over runs). Endpoints and share: the worst run. Times: one thread.
\`bootstrap-method: auto\` takes the influence interval from ${count(INFLUENCE_MIN_ROWS)} rows with at least
${count(INFLUENCE_MIN_PER_CLASS)} of each class in every scored window, and for average precision positives at least
${AP_MIN_POSITIVE_RATE * 100} % of each window.

${table(['Metric', 'Rows', 'Prevalence', 'Fewest of a class per window', 'Runs', 'SE ratio influence / Poisson (mean)', 'SE ratio (worst)', 'Largest endpoint gap (SE)', 'Largest share gap', 'ms Poisson / influence'], agreement)}`);

  // Coverage: how often each 95 % interval holds the true improvement (from a very large sample of the generator).
  const coverageRuns = smoke ? 10 : 300;
  const coverage: (string | number)[][] = [];
  for (const metric of ['average-precision', 'roc-auc']) {
    const spec = parseMetric(metric);
    for (const prevalence of smoke ? [0.3] : [0.3, 0.03]) {
      const big = modelPair(999, smoke ? 200_000 : 2_000_000, 1, 1.1, prevalence);
      const truth =
        metricValue(spec, { labels: big.labels, scores: big.challenger })! -
        metricValue(spec, { labels: big.labels, scores: big.champion })!;
      for (const rows of smoke ? [3000] : [1000, 10_000]) {
        let [poissonCovers, influenceCovers, fewest] = [0, 0, 0];
        for (let s = 0; s < coverageRuns; s++) {
          const sim = pairInput(spec, 80_000 + s, rows, 1.1, prevalence);
          const r = both({ ...sim.input, resamples: 500 });
          if (r.poisson.low! <= truth && truth <= r.poisson.high!) poissonCovers++;
          if (r.influence.low! <= truth && truth <= r.influence.high!) influenceCovers++;
          fewest += sim.fewest / coverageRuns;
        }
        coverage.push([
          metric,
          count(rows),
          prevalence,
          count(Math.round(fewest)),
          fmt(truth),
          coverageRuns,
          pct(poissonCovers / coverageRuns),
          pct(influenceCovers / coverageRuns),
        ]);
      }
    }
  }
  out.push(`### Interval methods: coverage of a known difference (target about 95 %)

Challenger skill 1.1 against 1, same design; the true improvement is the metric's difference on 2,000,000 rows of the
same generator. Share of simulated evaluations whose 95 % interval holds it (500 Poisson resamples each; ± 2.5 points
is two standard errors of a proportion over ${coverageRuns} runs).

${table(['Metric', 'Rows', 'Prevalence', 'Fewest of a class per window', 'True improvement', 'Runs', 'Covered: Poisson', 'Covered: influence'], coverage)}`);
  return out;
}
