#!/usr/bin/env node
// Generates a drift scenario: reference.csv (training data), predictions.csv (12 weeks of production predictions
// with features) and outcomes.csv (late labels: the newest days are not labelled yet).
// With --drift, the last week shifts `tenure_days` and `channel` and the model's ranking degrades there.
// Deterministic (seeded). Usage: node examples/data/drift/generate.mjs [out-dir] [--drift] [--rows N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const drift = args.includes('--drift');
const rowsFlag = args.indexOf('--rows');
const perWeek = rowsFlag >= 0 ? Number(args[rowsFlag + 1]) : 400;
const out =
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--rows') ??
  dirname(fileURLToPath(import.meta.url));

let state = 7;
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
const asOf = Date.parse('2026-11-23T00:00:00Z');
const day = 86_400_000;
const channels = ['web', 'app', 'store', 'partner'];

function customer(shifted) {
  return {
    age: Math.round(38 + 11 * normal()),
    tenure_days: Math.max(0, Math.round(shifted ? 90 + 60 * normal() : 420 + 200 * normal())),
    basket_value: Math.round(100 * Math.exp(3.5 + 0.6 * normal())) / 100,
    visits_30d: Math.max(0, Math.round(6 + 3 * normal())),
    channel: pick(channels, shifted ? [1, 6, 1, 2] : [5, 3, 1, 1]),
    country: pick(['DE', 'FR', 'NL', 'PL'], [4, 3, 2, 1]),
  };
}
const header = 'age,tenure_days,basket_value,visits_30d,channel,country';
const row = (c) => `${c.age},${c.tenure_days},${c.basket_value},${c.visits_30d},${c.channel},${c.country}`;

const reference = [header];
for (let i = 0; i < 3000; i++) reference.push(row(customer(false)));

const predictions = [`id,timestamp,score,${header}`];
const outcomes = ['id,label'];
let n = 0;
for (let week = 11; week >= 0; week--) {
  const shifted = drift && week === 0;
  for (let i = 0; i < perWeek; i++) {
    const t = asOf - week * 7 * day - random() * 7 * day;
    const c = customer(shifted);
    const label = random() < 0.3 ? 1 : 0;
    const signal = shifted ? 0.03 : 0.35; // after the shift the model barely ranks
    const score = Math.min(1, Math.max(0, 0.35 + (label - 0.3) * signal + 0.25 * normal() * 0.5));
    const id = `ev-${String(n++).padStart(6, '0')}`;
    predictions.push(
      `${id},${new Date(Math.round(t / 1000) * 1000).toISOString()},${score.toFixed(4)},${row(c)}`,
    );
    // Outcomes arrive late: the newest day has 50% of its labels, older ones all.
    if (asOf - t > day || random() < 0.5) outcomes.push(`${id},${label}`);
  }
}
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'reference.csv'), `${reference.join('\n')}\n`);
writeFileSync(join(out, 'predictions.csv'), `${predictions.join('\n')}\n`);
writeFileSync(join(out, 'outcomes.csv'), `${outcomes.join('\n')}\n`);
console.log(
  `wrote reference.csv, predictions.csv (${n} rows${drift ? ', drift injected into tenure_days and channel' : ''}) and outcomes.csv to ${out}`,
);
