// Files for the end-to-end cases of `pnpm bench` (issue 21.7), written once per size and reused while their
// parameters hold (a marker file records them): the champion and challenger predictions evaluate-challenger joins,
// and drift-report's current predictions and reference with 8 numeric and 2 categorical features.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '@mlops-actions/core';

const WEEK = 7 * 86_400_000;
const AS_OF = Date.parse('2026-11-23T00:00:00Z');
const NUMERIC = 8;
const CHANNELS = ['web', 'app', 'store', 'phone', 'partner'];
const REGIONS = ['north', 'south', 'east', 'west', 'centre', 'islands', 'abroad'];

const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** Write the lines produced by `line(i)` for i < n to `path`, in 64k-line blocks so memory stays flat. */
function writeLines(path: string, header: string, n: number, line: (i: number) => string): void {
  writeFileSync(path, `${header}\n`);
  for (let start = 0; start < n; start += 65_536) {
    const block: string[] = [];
    for (let i = start; i < Math.min(n, start + 65_536); i++) block.push(line(i));
    writeFileSync(path, `${block.join('\n')}\n`, { flag: 'a' });
  }
}

/** Champion and challenger files of `rows` rows: string ids, ISO timestamps over 12 weeks, 0/1 labels, scores. */
function evaluationFiles(dir: string, rows: number): void {
  const r = seededRandom(21);
  const ts = new Float64Array(rows);
  const labels = new Uint8Array(rows);
  const champion = new Float64Array(rows);
  const challenger = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    ts[i] = AS_OF - Math.floor(r() * 12 * WEEK);
    labels[i] = r() < 0.2 ? 1 : 0;
    const signal = normal(r);
    // Two models sharing most of their signal; the challenger separates the classes a little better.
    champion[i] = Math.round((1 / (1 + Math.exp(-(signal + 1.5 * labels[i]! - 1.2)))) * 1e4) / 1e4;
    challenger[i] =
      Math.round((1 / (1 + Math.exp(-(0.8 * signal + 0.6 * normal(r) + 1.6 * labels[i]! - 1.2)))) * 1e4) /
      1e4;
  }
  // The challenger's rows come in another order, so the join has real work to do.
  const order = Uint32Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const iso = (i: number) => new Date(ts[i]!).toISOString();
  writeLines(
    join(dir, 'champion.csv'),
    'id,timestamp,label,score',
    rows,
    (i) => `ev-${i},${iso(i)},${labels[i]},${champion[i]}`,
  );
  writeLines(join(dir, 'challenger.csv'), 'id,timestamp,label,score', rows, (k) => {
    const i = order[k]!;
    return `ev-${i},${iso(i)},${labels[i]},${challenger[i]}`;
  });
}

/** drift-report's current predictions (id, timestamp, label, score, features; one week) and reference. */
function driftFiles(dir: string, rows: number): void {
  const r = seededRandom(22);
  const features = (current: boolean) => {
    const cells: string[] = [];
    for (let f = 0; f < NUMERIC; f++) {
      const shift = current && f % 4 === 0 ? 0.15 : 0;
      cells.push(String(Math.round((shift + normal(r)) * (10 + f) * 100) / 100));
    }
    const u = r();
    cells.push(CHANNELS[Math.min(4, Math.floor((current ? u ** 1.3 : u ** 1.5) * 5))]!);
    cells.push(REGIONS[Math.floor(r() * REGIONS.length)]!);
    return cells.join(',');
  };
  const names = [...Array.from({ length: NUMERIC }, (_, f) => `f${f}`), 'channel', 'region'].join(',');
  writeLines(join(dir, 'reference.csv'), names, rows, () => features(false));
  writeLines(join(dir, 'current.csv'), `id,timestamp,label,score,${names}`, rows, (i) => {
    const label = r() < 0.2 ? 1 : 0;
    const score = Math.round((1 / (1 + Math.exp(-(normal(r) + 1.5 * label - 1.2)))) * 1e4) / 1e4;
    // One week of predictions: drift-report compares window 0 (the latest week) with the reference.
    const t = new Date(AS_OF - Math.floor(r() * WEEK)).toISOString();
    return `cur-${i},${t},${label},${score},${features(true)}`;
  });
}

/** Sizes of the end-to-end files. */
export interface E2eSizes {
  evaluate: number;
  bootstrap: number;
  drift: number;
}

/** Directories of the end-to-end files, generated when missing or made with other sizes. */
export function e2eData(
  root: string,
  sizes: E2eSizes,
): { evaluate: string; bootstrap: string; drift: string } {
  const dirs = {
    evaluate: join(root, `e2e-evaluate-${sizes.evaluate}`),
    bootstrap: join(root, `e2e-evaluate-${sizes.bootstrap}`),
    drift: join(root, `e2e-drift-${sizes.drift}`),
  };
  const ensure = (dir: string, rows: number, make: (dir: string, rows: number) => void) => {
    const marker = join(dir, 'done.json');
    const wanted = JSON.stringify({ rows, version: 2 });
    if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return;
    mkdirSync(dir, { recursive: true });
    make(dir, rows);
    writeFileSync(marker, wanted);
  };
  ensure(dirs.evaluate, sizes.evaluate, evaluationFiles);
  ensure(dirs.bootstrap, sizes.bootstrap, evaluationFiles);
  ensure(dirs.drift, sizes.drift, driftFiles);
  return dirs;
}
