#!/usr/bin/env node
// Synthetic e-commerce purchase data for the examples and the demo, deterministic from a seed.
//
//   node examples/training/generate-data.mjs OUT_DIR [--weeks 16] [--shift-week 10] [--rows-per-week 400]
//                                                    [--holdout-weeks 3] [--seed 1] [--end 2026-11-23]
//
// Customers (age, tenure, country, preferred channel) make sessions over `weeks` weeks ending at --end; each
// session is a row with its features and whether it ended in a purchase (label). From --shift-week on, the world
// changes: more new customers (tenure drops), the app takes over from the web (channel mix), basket values rise,
// and the relationship between features and purchases moves (app sessions convert better, tenure matters less).
// Written to OUT_DIR:
//   events.csv                 every row (id,timestamp,customer_id,age,tenure_days,basket_value,visits_30d,channel,country,label)
//   champion-train/data.csv    the weeks before the shift (what the production model was trained on)
//   challenger-train/data.csv  the recent weeks after the shift, before the holdout
//   eval/data.csv              the last --holdout-weeks weeks (both models are evaluated on them)
//   reference.csv              the champion's training features (the drift reference)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const out = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!out) {
  console.error(
    'usage: generate-data.mjs OUT_DIR [--weeks N] [--shift-week K] [--rows-per-week N] [--holdout-weeks N] [--seed S]',
  );
  process.exit(2);
}
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const weeks = Number(option('weeks', 16));
const shiftWeek = Number(option('shift-week', 10));
const perWeek = Number(option('rows-per-week', 400));
const holdout = Number(option('holdout-weeks', 3));
const seed = Number(option('seed', 1));
const end = Date.parse(`${option('end', '2026-11-23')}T00:00:00Z`);
if (!(weeks > holdout && shiftWeek > 0 && shiftWeek < weeks - holdout)) {
  console.error('need 0 < shift-week < weeks - holdout-weeks');
  process.exit(2);
}

// mulberry32: small, fast, deterministic.
let state = seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const pick = (options, weights) => {
  let u = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < options.length; i++) {
    u -= weights[i];
    if (u < 0) return options[i];
  }
  return options.at(-1);
};
const sigmoid = (z) => 1 / (1 + Math.exp(-z));
const WEEK = 7 * 86_400_000;

const header = [
  'id',
  'timestamp',
  'customer_id',
  'age',
  'tenure_days',
  'basket_value',
  'visits_30d',
  'channel',
  'country',
  'label',
];
const rows = [];
let n = 0;
for (let w = 0; w < weeks; w++) {
  const shifted = w >= shiftWeek;
  const weekStart = end - (weeks - w) * WEEK;
  for (let i = 0; i < perWeek; i++) {
    const t = weekStart + Math.floor(random() * WEEK);
    const age = Math.max(18, Math.min(80, Math.round(38 + 11 * normal())));
    const tenure = Math.max(0, Math.round(shifted ? 90 + 80 * random() ** 2 * 4 : 420 + 260 * normal()));
    const basket = Math.max(1, (shifted ? 58 : 42) + 18 * normal());
    const visits = Math.max(0, Math.round(4 + 2.5 * normal() + (shifted ? 1 : 0)));
    const channel = pick(['web', 'app', 'store'], shifted ? [0.25, 0.65, 0.1] : [0.55, 0.3, 0.15]);
    const country = pick(['DE', 'FR', 'PL', 'NL', 'ES'], [0.35, 0.25, 0.15, 0.15, 0.1]);
    const z = shifted
      ? -1.6 +
        0.35 * (visits - 4) +
        0.02 * (basket - 50) +
        (channel === 'app' ? 1.3 : channel === 'store' ? -0.4 : -0.8) +
        0.0005 * (tenure - 200)
      : -1.4 +
        0.3 * (visits - 4) +
        0.015 * (basket - 40) +
        (channel === 'app' ? -0.3 : channel === 'store' ? 0.4 : 0.5) +
        0.002 * (tenure - 400);
    const label = random() < sigmoid(z) ? 1 : 0;
    rows.push({
      week: w,
      cells: [
        `ev-${String(n++).padStart(6, '0')}`,
        new Date(t).toISOString().replace('.000Z', 'Z'),
        `c${String(Math.floor(random() * 5000)).padStart(4, '0')}`,
        age,
        tenure,
        basket.toFixed(2),
        visits,
        channel,
        country,
        label,
      ],
    });
  }
}
rows.sort((a, b) => (a.cells[1] < b.cells[1] ? -1 : a.cells[1] > b.cells[1] ? 1 : 0));
const csv = (selected, columns = header) => {
  const idx = columns.map((c) => header.indexOf(c));
  return `${[columns.join(','), ...selected.map((r) => idx.map((i) => r.cells[i]).join(','))].join('\n')}\n`;
};
const write = (path, text) => {
  mkdirSync(join(out, path, '..'), { recursive: true });
  writeFileSync(join(out, path), text);
};
const evalStart = weeks - holdout;
write('events.csv', csv(rows));
write('champion-train/data.csv', csv(rows.filter((r) => r.week < shiftWeek)));
write('challenger-train/data.csv', csv(rows.filter((r) => r.week >= shiftWeek && r.week < evalStart)));
write('eval/data.csv', csv(rows.filter((r) => r.week >= evalStart)));
write(
  'reference.csv',
  csv(
    rows.filter((r) => r.week < shiftWeek),
    ['age', 'tenure_days', 'basket_value', 'visits_30d', 'channel', 'country'],
  ),
);
console.log(
  `wrote ${rows.length} events over ${weeks} weeks (shift from week ${shiftWeek}, holdout ${holdout} weeks) to ${out}`,
);
