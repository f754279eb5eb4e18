#!/usr/bin/env node
// Writes champion.csv and challenger.csv: predictions of two purchase models on the same 12 weeks of events.
// Deterministic (seeded); the challenger ranks better in recent weeks, where customer behaviour shifted.
// Usage: node examples/data/evaluate/generate.mjs [out-dir]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
let state = 20261124;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const asOf = Date.parse('2026-11-23T00:00:00Z');
const week = 7 * 86_400_000;
const devices = ['mobile', 'desktop', 'tablet'];
const champion = ['id,timestamp,customer_id,device,label,score'];
const challenger = ['id,timestamp,customer_id,device,label,score'];
for (let i = 0; i < 3000; i++) {
  const t = asOf - random() * 12 * week;
  const weeksAgo = Math.floor((asOf - t) / week);
  const device = devices[Math.floor(random() * 3)];
  const label = random() < 0.25 ? 1 : 0;
  // The champion's signal fades as behaviour shifts (recent weeks); the challenger was trained on recent data.
  const championSignal = weeksAgo >= 6 ? 0.45 : 0.15;
  const challengerSignal = weeksAgo >= 6 ? 0.35 : 0.4;
  const p = (signal) => Math.min(1, Math.max(0, 0.3 + (label - 0.25) * signal + (random() - 0.5) * 0.6));
  const id = `e${String(i).padStart(5, '0')}`;
  const ts = new Date(Math.round(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const customer = `c${String(Math.floor(random() * 400)).padStart(4, '0')}`;
  champion.push(`${id},${ts},${customer},${device},${label},${p(championSignal).toFixed(4)}`);
  challenger.push(`${id},${ts},${customer},${device},${label},${p(challengerSignal).toFixed(4)}`);
}
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'champion.csv'), `${champion.join('\n')}\n`);
writeFileSync(join(out, 'challenger.csv'), `${challenger.join('\n')}\n`);
console.log(`wrote ${join(out, 'champion.csv')} and ${join(out, 'challenger.csv')} (3000 rows each)`);
