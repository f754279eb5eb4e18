import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { runStep } from './harness/runner.js';

// Issue 17.4 and 17.5 through the bundled actions: names that are Object.prototype members, and ids beyond 2^53.

/** Deterministic uniform numbers in [0, 1) (an LCG), so the data and the verdicts are the same on every run. */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const WEEK = 7 * 86_400_000;
const START = Date.parse('2026-01-05T00:00:00Z');
const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

/**
 * Drift-report inputs whose four features are named after Object.prototype members. `constructor` moves by 3 σ in
 * the newest of four weekly windows; the others keep their distribution.
 */
function hostileDriftWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-drift-'));
  const r = uniform(17);
  const header = ['id', 'timestamp', 'score', ...HOSTILE].join(',');
  const predictions = [header];
  const outcomes = ['id,label'];
  const reference = [HOSTILE.join(',')];
  const row = (shift: number) => [
    (r() * 10).toFixed(3),
    (r() * 10 + shift).toFixed(3),
    ['a', 'b', 'c'][Math.floor(r() * 3)],
    (r() * 5).toFixed(3),
  ];
  for (let i = 0; i < 2000; i++) reference.push(row(0).join(','));
  for (let week = 0; week < 4; week++) {
    for (let i = 0; i < 500; i++) {
      const id = `e${week}-${i}`;
      const label = r() < 0.3 ? 1 : 0;
      const score = Math.min(1, Math.max(0, label * 0.4 + r() * 0.6)).toFixed(4);
      const ts = new Date(START + week * WEEK + (i + 1) * 1000).toISOString();
      predictions.push([id, ts, score, ...row(week === 3 ? 8.7 : 0)].join(','));
      outcomes.push(`${id},${label}`);
    }
  }
  writeFileSync(join(dir, 'predictions.csv'), `${predictions.join('\n')}\n`);
  writeFileSync(join(dir, 'outcomes.csv'), `${outcomes.join('\n')}\n`);
  writeFileSync(join(dir, 'reference.csv'), `${reference.join('\n')}\n`);
  return dir;
}

describe('column and feature names that are Object.prototype members (17.5)', () => {
  it('drift-report compares __proto__, constructor, toString and hasOwnProperty, and flags the one that drifted', async () => {
    const workspace = hostileDriftWorkspace();
    const res = await runStep('drift-report', {
      event: 'schedule',
      workspace,
      inputs: {
        predictions: 'predictions.csv',
        outcomes: 'outcomes.csv',
        reference: 'reference.csv',
        window: '7d',
        tests: 'toString: chisquare\nconstructor: ks',
        thresholds: 'hasOwnProperty: 0.01',
      },
    });
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    expect(JSON.parse(res.outputs['drifted-features']!)).toEqual(['constructor']);
    const result = JSON.parse(readFileSync(join(workspace, 'drift-result.json'), 'utf8'));
    expect(Object.keys(result.features).sort()).toEqual([...HOSTILE].sort());
    expect(result.features.constructor).toMatchObject({ name: 'constructor', test: 'ks', drift: true });
    expect(result.features.toString).toMatchObject({ name: 'toString', test: 'chisquare', drift: false });
    expect(result.features.hasOwnProperty).toMatchObject({ name: 'hasOwnProperty', threshold: 0.01 });
    const proto = Object.getOwnPropertyDescriptor(result.features, '__proto__');
    expect(proto?.value).toMatchObject({ name: '__proto__', drift: false });
  });

  it('evaluate-challenger joins on an id column named hasOwnProperty and scores slices named __proto__ and constructor', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'hostile-eval-'));
    const r = uniform(5);
    const champion = ['hasOwnProperty,timestamp,label,toString,__proto__,constructor'];
    const challenger = ['hasOwnProperty,timestamp,label,toString,__proto__,constructor'];
    for (let i = 0; i < 800; i++) {
      const label = r() < 0.4 ? 1 : 0;
      const ts = new Date(START + (i % 4) * WEEK + i * 1000).toISOString();
      const slice = `${['web', 'app'][i % 2]},${['x', 'y'][(i >> 1) % 2]}`;
      champion.push(`id${i},${ts},${label},${(label * 0.2 + r() * 0.8).toFixed(4)},${slice}`);
      challenger.push(`id${i},${ts},${label},${(label * 0.5 + r() * 0.5).toFixed(4)},${slice}`);
    }
    writeFileSync(join(workspace, 'champion.csv'), `${champion.join('\n')}\n`);
    writeFileSync(join(workspace, 'challenger.csv'), `${challenger.join('\n')}\n`);
    const res = await runStep('evaluate-challenger', {
      event: 'schedule',
      workspace,
      inputs: {
        champion: 'champion.csv',
        challenger: 'challenger.csv',
        'id-column': 'hasOwnProperty',
        'score-column': 'toString',
        'slice-columns': '__proto__,constructor',
        bootstrap: 0,
      },
    });
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    const result = JSON.parse(readFileSync(res.outputs['result-json']!, 'utf8'));
    expect(result.data.joined_rows).toBe(800);
    const sliceColumns = new Set(result.slices.map((s: { column: string }) => s.column));
    expect(sliceColumns).toEqual(new Set(['__proto__', 'constructor']));
  });
});

// Two ids that differ only beyond 2^53: as doubles both are 9007199254740992, so they would join as one.
const BIG = ['9007199254740993', '9007199254740992', '12345678901234567890123'];

describe('integer ids beyond 2^53 keep their digits (17.4)', () => {
  /** Champion and challenger rows over the same ids; `ids` are written as JSON numbers or Parquet INT64. */
  function rows(n: number) {
    const r = uniform(9);
    return Array.from({ length: n }, (_, i) => {
      const label = i % 3 === 0 ? 1 : 0;
      return {
        id: i < BIG.length ? BIG[i]! : String(10n ** 18n + BigInt(i)),
        timestamp: new Date(START + i * 3_600_000).toISOString(),
        label,
        champion: Number((label * 0.2 + r() * 0.8).toFixed(4)),
        challenger: Number((label * 0.5 + r() * 0.5).toFixed(4)),
      };
    });
  }
  const evaluate = (workspace: string, champion: string, challenger: string) =>
    runStep('evaluate-challenger', {
      event: 'schedule',
      workspace,
      inputs: { champion, challenger, 'score-column': 'score', bootstrap: 0 },
    });

  it('evaluate-challenger joins JSON Lines ids written as big JSON numbers one to one', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'bigid-jsonl-'));
    const data = rows(60);
    for (const side of ['champion', 'challenger'] as const) {
      const lines = data.map(
        (d) => `{"id": ${d.id}, "timestamp": "${d.timestamp}", "label": ${d.label}, "score": ${d[side]}}`,
      );
      writeFileSync(join(workspace, `${side}.jsonl`), `${lines.join('\n')}\n`);
    }
    const res = await evaluate(workspace, 'champion.jsonl', 'challenger.jsonl');
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    const result = JSON.parse(readFileSync(res.outputs['result-json']!, 'utf8'));
    expect(result.data.joined_rows).toBe(60);
  });

  it('evaluate-challenger joins Parquet INT64 ids one to one', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'bigid-parquet-'));
    const data = rows(60).filter((d) => BigInt(d.id) < 2n ** 63n);
    for (const side of ['champion', 'challenger'] as const) {
      const buffer = parquetWriteBuffer({
        columnData: [
          { name: 'id', data: BigInt64Array.from(data.map((d) => BigInt(d.id))), type: 'INT64' },
          { name: 'timestamp', data: data.map((d) => d.timestamp), type: 'STRING' },
          { name: 'label', data: Float64Array.from(data.map((d) => d.label)), type: 'DOUBLE' },
          { name: 'score', data: Float64Array.from(data.map((d) => d[side])), type: 'DOUBLE' },
        ],
      });
      writeFileSync(join(workspace, `${side}.parquet`), new Uint8Array(buffer));
    }
    const res = await evaluate(workspace, 'champion.parquet', 'challenger.parquet');
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    const result = JSON.parse(readFileSync(res.outputs['result-json']!, 'utf8'));
    expect(result.data.joined_rows).toBe(data.length);
  });
});

describe('time sanity (17.6, 17.9)', () => {
  const driftInputs = {
    predictions: 'predictions.csv',
    outcomes: 'outcomes.csv',
    reference: 'reference.csv',
    window: '7d',
  };
  const appendRow = (workspace: string, timestamp: string) => {
    const path = join(workspace, 'predictions.csv');
    writeFileSync(path, `${readFileSync(path, 'utf8')}stray,${timestamp},0.5,1,2,a,3\n`);
  };

  it('drift-report refuses an as-of that one year-9999 row would set, naming the file and line', async () => {
    const workspace = hostileDriftWorkspace();
    appendRow(workspace, '9999-12-31T00:00:00Z');
    const res = await runStep('drift-report', { event: 'schedule', workspace, inputs: driftInputs });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatch(
      /predictions\.csv, record 2002: timestamp 9999-12-31T00:00:00\.000Z is more than a window \(7d\) after the next-latest one \(2026-01-26T00:08:20\.000Z\)/,
    );
    expect(res.errors[0]).toContain('set `as-of`');
    // With as-of given, the stray row is simply in the future of every window.
    const explicit = await runStep('drift-report', {
      event: 'schedule',
      workspace,
      inputs: { ...driftInputs, 'as-of': '2026-01-26T00:08:20Z' },
    });
    expect(explicit.errors).toEqual([]);
    expect(JSON.parse(explicit.outputs['drifted-features']!)).toEqual(['constructor']);
  });

  it('evaluate-challenger refuses the same stray row in the challenger file', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'stray-eval-'));
    const lines = ['id,timestamp,label,score'];
    for (let i = 0; i < 200; i++)
      lines.push(`id${i},${new Date(START + i * 3_600_000).toISOString()},${i % 2},${(i % 7) / 7}`);
    lines.push('late,9999-01-01T00:00:00Z,1,0.9');
    writeFileSync(join(workspace, 'challenger.csv'), `${lines.join('\n')}\n`);
    const res = await runStep('evaluate-challenger', {
      event: 'schedule',
      workspace,
      inputs: { challenger: 'challenger.csv', bootstrap: 0 },
    });
    expect(res.exitCode).toBe(1);
    expect(res.errors[0]).toMatch(
      /challenger\.csv, record 202: timestamp 9999-01-01T00:00:00\.000Z is more than a window/,
    );
  });

  it('names the file and line of a timestamp beyond the range of a date (99999999999999999999)', async () => {
    const workspace = hostileDriftWorkspace();
    appendRow(workspace, '99999999999999999999');
    const res = await runStep('drift-report', { event: 'schedule', workspace, inputs: driftInputs });
    expect(res.exitCode).toBe(1);
    expect(res.errors[0]).toMatch(
      /predictions\.csv.*(line|record|row) 2002.*"99999999999999999999" is not a timestamp/,
    );
    expect(res.errors[0]).not.toMatch(/Invalid time value/);
  });

  it('reads 20261113 as the date 2026-11-13 (ISO 8601 basic form), not as seconds after 1970', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'basic-date-'));
    const lines = ['id,timestamp,label,score'];
    for (let i = 0; i < 120; i++) lines.push(`id${i},${20261101 + (i % 13)},${i % 2},${(i % 5) / 5}`);
    writeFileSync(join(workspace, 'challenger.csv'), `${lines.join('\n')}\n`);
    const res = await runStep('evaluate-challenger', {
      event: 'schedule',
      workspace,
      inputs: { challenger: 'challenger.csv', bootstrap: 0 },
    });
    expect(res.errors).toEqual([]);
    const result = JSON.parse(readFileSync(res.outputs['result-json']!, 'utf8'));
    expect(result.as_of).toBe('2026-11-13T00:00:00.000Z');
  });
});

describe('files that are not what they seem (17.9)', () => {
  /** Champion and challenger CSV files of `n` rows, each in its own folder of the workspace. */
  function twoFolders(n: number): string {
    const workspace = mkdtempSync(join(tmpdir(), 'odd-files-'));
    for (const side of ['champion', 'challenger']) {
      mkdirSync(join(workspace, side));
      const lines = ['id,timestamp,label,score'];
      for (let i = 0; i < n; i++)
        lines.push(`id${i},${new Date(START + i * 3_600_000).toISOString()},${i % 2},${((i * 7) % 10) / 10}`);
      writeFileSync(join(workspace, side, 'scores.csv'), `${lines.join('\n')}\n`);
    }
    return workspace;
  }
  const evaluate = (workspace: string, champion: string, challenger: string) =>
    runStep('evaluate-challenger', {
      event: 'schedule',
      workspace,
      inputs: { champion, challenger, bootstrap: 0 },
    });

  it('reads each file of a folder once when a `self -> .` link repeats the folder', async () => {
    const workspace = twoFolders(80);
    for (const side of ['champion', 'challenger']) symlinkSync('.', join(workspace, side, 'self'));
    const res = await evaluate(workspace, 'champion', 'challenger');
    expect(res.errors).toEqual([]);
    const result = JSON.parse(readFileSync(res.outputs['result-json']!, 'utf8'));
    expect(result.data.joined_rows).toBe(80);
  });

  it('reports a loop of symbolic links as a loop, not as a missing file', async () => {
    const workspace = twoFolders(10);
    symlinkSync('loop-b', join(workspace, 'loop-a'));
    symlinkSync('loop-a', join(workspace, 'loop-b'));
    const res = await evaluate(workspace, 'champion', 'loop-a');
    expect(res.exitCode).toBe(1);
    expect(res.errors[0]).toMatch(/"loop-a" is a loop of symbolic links/);
    expect(res.errors[0]).not.toMatch(/not found/);
  });

  it('says a Parquet file named .csv is Parquet, instead of advising a UTF-8 re-export', async () => {
    const workspace = twoFolders(10);
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: ['a', 'b'], type: 'STRING' },
        { name: 'score', data: Float64Array.from([0.1, 0.9]), type: 'DOUBLE' },
      ],
    });
    writeFileSync(join(workspace, 'challenger', 'scores.csv'), new Uint8Array(buffer));
    const res = await evaluate(workspace, 'champion', 'challenger');
    expect(res.exitCode).toBe(1);
    expect(res.errors[0]).toMatch(
      /challenger\/scores\.csv is a Parquet file \(it starts with the Parquet magic bytes PAR1\), not text\..*Rename it to end in \.parquet/,
    );
    expect(res.errors[0]).not.toMatch(/UTF-8/);
  });
});
