// `pnpm bench:decisions [--smoke]`: how often the decisions are right, measured by simulation with a known truth
// (bench/decisions-sim.ts): drift false alarms per sample size and detection per stated shift, false promotions of
// equal models and promotions at 1 and 2 standard errors, CBPE's estimation error and interval coverage. Seeded;
// prints Markdown and writes it into bench/RESULTS.md (section "decisions"; not with --smoke).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_DRIFT_POLICY,
  DEFAULT_MIN_CONFIDENCE,
  estimatePerformance,
  evaluateChampionChallenger,
  parseMetric,
  seededRandom,
} from '@mlops-actions/core';
import { ksDetectableShift } from '../packages/core/src/drift/power.js';
import { metricValue } from '../packages/core/src/metrics/registry.js';
import { intervalSections } from './decisions-intervals.js';
import { modelPair, type Shift, scoredWindow, simulateDriftRun } from './decisions-sim.js';
import { table, writeMarkedSection } from './results-section.js';

const here = dirname(fileURLToPath(import.meta.url));
const smoke = process.argv.includes('--smoke');
const started = performance.now();
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const fmt = (x: number) => Number(x.toPrecision(3)).toString();
const count = (n: number) => n.toLocaleString('en-US');
const seeds = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => offset + i);
const out: string[] = [];
const section = (text: string) => {
  console.log(`${text}\n`);
  out.push(text, '');
};

// 1. False alarms: no drift at all, ten mixed features, the default tests and policy.
const FALSE_ALARM_SEEDS = smoke ? 3 : 100;
const CURRENT_SIZES = smoke ? [500, 2000] : [500, 1000, 2000, 5000, 10_000, 50_000];
const alarms = CURRENT_SIZES.map((n) => {
  let any = 0;
  const byFeature = new Map<string, number>();
  for (const seed of seeds(FALSE_ALARM_SEEDS, 10_000)) {
    const drifted = Object.values(simulateDriftRun(seed, 2 * n, n)).filter((f) => f.drift);
    if (drifted.length) any++;
    for (const f of drifted) byFeature.set(f.name, (byFeature.get(f.name) ?? 0) + 1);
  }
  const worst = [...byFeature].sort((a, b) => b[1] - a[1])[0];
  return [
    count(n),
    count(2 * n),
    FALSE_ALARM_SEEDS,
    pct(any / FALSE_ALARM_SEEDS),
    worst ? `${worst[0]} (${pct(worst[1] / FALSE_ALARM_SEEDS)})` : '–',
  ];
});
section(`### Drift: false alarms (no drift; ${FALSE_ALARM_SEEDS} seeds per size; target <= 5 %)

Ten features (5 numeric: normal, lognormal, integer counts with ties, uniform, bimodal; 5 categorical: 2, 3, 5, 12 and
30 levels, the last with a rare tail), reference = 2 × current rows, defaults: KS / contingency chi-square, Holm across
the 10 features at 0.05, minimum effect 0.1 σ / 5 points.

${table(['Current rows', 'Reference rows', 'Runs', 'Any feature flagged', 'Most flagged feature'], alarms)}`);

// 2. Detection: one stated shift, the other nine features unchanged (so the correction still covers ten tests).
const DETECTION_SEEDS = smoke ? 2 : 60;
const DETECTION_SIZES = smoke ? [5000] : [1000, 5000, 10_000, 50_000];
const scenarios: { name: string; shift: (n: number) => Shift }[] = [
  { name: 'mean shift 0.2 σ (numeric)', shift: () => ({ feature: 'normal', size: 0.2 }) },
  { name: 'mean shift 0.1 σ (= the minimum)', shift: () => ({ feature: 'normal', size: 0.1 }) },
  {
    name: 'shift = the reported detectable shift',
    shift: (n) => ({
      feature: 'normal',
      size: Math.max(DEFAULT_DRIFT_POLICY.minShift, ksDetectableShift(0.05 / 10, 2 * n, n)!),
    }),
  },
  {
    name: '10-point move between the two large levels (45/45/10)',
    shift: () => ({ feature: 'three_levels', size: 0.1 }),
  },
  { name: '5-point move (= the minimum)', shift: () => ({ feature: 'three_levels', size: 0.05 }) },
];
const detection = scenarios.map(({ name, shift }) => [
  name,
  ...DETECTION_SIZES.map((n) => {
    const s = shift(n);
    let hits = 0;
    let detectable = 0;
    for (const seed of seeds(DETECTION_SEEDS, 20_000)) {
      const f = simulateDriftRun(seed, 2 * n, n, s)[s.feature]!;
      if (f.drift) hits++;
      detectable += f.detectable_shift ?? Number.NaN;
    }
    const unit = s.feature === 'normal' ? ' σ' : ' pts';
    const scale = s.feature === 'normal' ? 1 : 100;
    return `${pct(hits / DETECTION_SEEDS)} (shift ${fmt(s.size * scale)}${unit}; detectable ${fmt((detectable / DETECTION_SEEDS) * scale)}${unit})`;
  }),
]);
section(`### Drift: detection per stated shift (${DETECTION_SEEDS} seeds per cell; target >= 90 % at 5,000 rows and above for 0.2 σ and 10 points)

Share of runs in which the shifted feature is flagged; "detectable" is the mean smallest shift the run reported for
that feature (80 % power at its Holm level, never below the minimum effect).

${table(['Scenario', ...DETECTION_SIZES.map((n) => `${count(n)} current rows`)], detection)}`);

// 3. Continuity: the verdict moves smoothly with the reference size (there is no switch of test at 1,000 rows).
const CONTINUITY_SEEDS = smoke ? 2 : 400;
const continuity = (smoke ? [1000, 1001] : [990, 1000, 1001, 1010]).map((m) => {
  let alarmsAt = 0;
  let hits = 0;
  for (const seed of seeds(CONTINUITY_SEEDS, 30_000)) {
    if (Object.values(simulateDriftRun(seed, m, 500)).some((f) => f.drift)) alarmsAt++;
    if (simulateDriftRun(seed, m, 500, { feature: 'normal', size: 0.3 }).normal!.drift) hits++;
  }
  return [count(m), pct(alarmsAt / CONTINUITY_SEEDS), pct(hits / CONTINUITY_SEEDS)];
});
section(`### Drift: no jump at any row count (500 current rows, ${CONTINUITY_SEEDS} seeds, the same seeds in every row)

${table(['Reference rows', 'False alarms (any feature)', 'Detection of a 0.3 σ shift'], continuity)}`);

// 4. Promotion: equal models, and challengers better by about 1 and 2 standard errors.
const spec = parseMetric('average-precision');
const ROWS = 3000;
const WEEK = 7 * 86_400_000;
function evaluate(
  seed: number,
  skill: number,
  rule: 'confident' | 'point-estimate',
  method: 'poisson' | 'influence' = 'poisson',
) {
  const pair = modelPair(seed, ROWS, 1, skill);
  const timestamps = Float64Array.from(
    { length: ROWS },
    (_, i) => 3 * WEEK - 1 - Math.floor((i * 3 * WEEK) / ROWS),
  );
  return evaluateChampionChallenger({
    spec,
    plan: { asOf: 3 * WEEK, windowMs: WEEK, maxWindows: 3 },
    gamma: 0.8,
    normalize: true,
    timestamps,
    challenger: { labels: pair.labels, scores: pair.challenger },
    champion: { labels: pair.labels, scores: pair.champion },
    minImprovement: 0,
    minConfidence: rule === 'confident' ? DEFAULT_MIN_CONFIDENCE : 0,
    decisionRule: rule,
    bootstrap: { resamples: rule === 'confident' ? 1000 : 0, seed, method },
  });
}
/** True improvement of a skill over skill 1, from one very large sample (the simulation's ground truth). */
function trueGain(skill: number): number {
  const pair = modelPair(999, smoke ? 50_000 : 400_000, 1, skill);
  return (
    metricValue(spec, { labels: pair.labels, scores: pair.challenger })! -
    metricValue(spec, { labels: pair.labels, scores: pair.champion })!
  );
}
const PROMOTION_SEEDS = smoke ? 3 : 200;
const GAIN_SEEDS = smoke ? 2 : 100;
let se = 0;
let influenceSe = 0;
let confidentEqual = 0;
let influenceEqual = 0;
let pointEqual = 0;
for (const seed of seeds(PROMOTION_SEEDS, 40_000)) {
  const outcome = evaluate(seed, 1, 'confident');
  se += outcome.bootstrap!.standard_error! / PROMOTION_SEEDS;
  if (outcome.decision === 'promote') confidentEqual++;
  const influence = evaluate(seed, 1, 'confident', 'influence');
  influenceSe += influence.bootstrap!.standard_error! / PROMOTION_SEEDS;
  if (influence.decision === 'promote') influenceEqual++;
  if (evaluate(seed, 1, 'point-estimate').decision === 'promote') pointEqual++;
}
// The skill whose true gain is k standard errors: bisection on the large-sample gain.
function skillFor(gain: number): number {
  let lo = 1;
  let hi = 1.5;
  for (let i = 0; i < (smoke ? 8 : 20); i++) {
    const mid = (lo + hi) / 2;
    if (trueGain(mid) < gain) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
const promotion = [
  [
    'equal models (true gain 0)',
    PROMOTION_SEEDS,
    pct(confidentEqual / PROMOTION_SEEDS),
    pct(influenceEqual / PROMOTION_SEEDS),
    pct(pointEqual / PROMOTION_SEEDS),
  ],
];
for (const k of [1, 2]) {
  const skill = skillFor(k * se);
  let confident = 0;
  let influence = 0;
  let point = 0;
  for (const seed of seeds(GAIN_SEEDS, 50_000 + k * 1000)) {
    if (evaluate(seed, skill, 'confident').decision === 'promote') confident++;
    if (evaluate(seed, skill, 'confident', 'influence').decision === 'promote') influence++;
    if (evaluate(seed, skill, 'point-estimate').decision === 'promote') point++;
  }
  promotion.push([
    `better by ${k} standard error${k > 1 ? 's' : ''} (true gain ${fmt(trueGain(skill))})`,
    GAIN_SEEDS,
    pct(confident / GAIN_SEEDS),
    pct(influence / GAIN_SEEDS),
    pct(point / GAIN_SEEDS),
  ]);
}
section(`### Promotion: how often a challenger is promoted (target <= 5 % for equal models with the defaults)

average-precision over 3 weekly windows (γ = 0.8), ${count(ROWS)} rows, 1,000 paired bootstrap resamples; one
standard error of the improvement ≈ ${fmt(se)} (mean bootstrap standard error over the equal-model runs; the
influence-function one: ${fmt(influenceSe)}). The same simulated evaluations decided with the Poisson resamples and
with the influence-function interval (\`bootstrap-method: influence\`, which \`auto\` takes on large samples).

${table(['Truth', 'Runs', 'Promoted: confident, Poisson (min-confidence 0.95)', 'Promoted: confident, influence', 'Promoted: point-estimate'], promotion)}`);

for (const text of intervalSections(smoke)) section(text);

// 5. CBPE: labelled reference weeks, then unlabelled weeks whose score distribution drifts (covariate shift).
const CBPE_SEEDS = smoke ? 1 : 20;
const metrics = ['average-precision', 'roc-auc', 'accuracy', 'precision', 'recall', 'f1'];
const cbpe = metrics.map((name) => {
  const metric = parseMetric(name, 0.5);
  let inside = 0;
  let windows = 0;
  let error = 0;
  let width = 0;
  for (const seed of seeds(CBPE_SEEDS, 60_000)) {
    const r = seededRandom(seed);
    const reference = scoredWindow(r, 8000, 1);
    const current = [1, 0.9, 0.8, 0.7, 0.6, 0.5].map((skew) => scoredWindow(r, 1000, skew));
    const scores = Float64Array.from(
      [reference.scores, ...current.map((c) => c.scores)].flatMap((a) => [...a]),
    );
    const labels = new Float64Array(scores.length).fill(Number.NaN);
    labels.set(reference.labels);
    const estimates = estimatePerformance({
      spec: metric,
      scores,
      labels,
      calibrationRows: Uint32Array.from({ length: 8000 }, (_, i) => i),
      windows: current.map((_, w) => Uint32Array.from({ length: 1000 }, (_, i) => 8000 + w * 1000 + i)),
      seed,
    });
    current.forEach((c, w) => {
      const truth = metricValue(metric, c)!;
      const e = estimates[w]!;
      windows++;
      if (e.low <= truth && truth <= e.high) inside++;
      error += Math.abs(e.value - truth);
      width += e.high - e.low;
    });
  }
  return [name, windows, fmt(error / windows), fmt(width / windows), pct(inside / windows)];
});
section(`### CBPE: estimated vs realised performance (target: realised value inside the interval in >= 90 % of windows)

8,000 labelled reference rows; 6 unlabelled windows of 1,000 rows per seed whose scores shift upward week by week;
true P(y = 1 | score) = 0.9·score² + 0.02 (the raw scores are not calibrated); ${CBPE_SEEDS} seeds; 200 resamples.

${table(['Metric', 'Windows', 'Mean absolute error', 'Mean interval width', 'Realised inside the 95 % interval'], cbpe)}`);

const seconds = (performance.now() - started) / 1000;
const header = `## Decisions (\`pnpm bench:decisions\`)

Seeded simulations where the truth is known (bench/decisions-sim.ts); ${new Date().toISOString().slice(0, 10)}, ${seconds.toFixed(0)} s on this machine.`;
console.log(
  `${smoke ? '(smoke run: RESULTS.md not written)' : 'Writing bench/RESULTS.md (section "decisions")'}; ${seconds.toFixed(1)} s`,
);
if (!smoke) writeMarkedSection(join(here, 'RESULTS.md'), 'decisions', `${header}\n\n${out.join('\n')}`);
