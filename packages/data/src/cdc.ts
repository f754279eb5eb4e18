import { UserError } from '@mlops-actions/core';
import { ColumnBuilder } from './columns.js';
import { DEFAULT_BATCH } from './emit.js';
import type { SourceObject } from './sources.js';
import type { CdcOptions, Column, ColumnRequest, ReadOptions, RecordBatch } from './types.js';

/**
 * Raw AWS DMS output resolved to the live rows of the table: full-load files (`LOAD00000001.csv`, every row an
 * insert) plus change files (`20141029-1134010000.csv`) whose first column `Op` is I, U or D. The latest change of each
 * key wins, by the CDC timestamp column, then file order (full load first, then by name), then row order; deletes
 * drop the key; changes after `asOf` are ignored. Memory holds one row per distinct key (deleted keys keep only their
 * position, so an older insert read later cannot resurrect them), whatever order the files arrive in.
 */

/** Reads one object with the given options (read.ts's reader, passed in to keep the modules acyclic). */
type ReadObject = (object: SourceObject, options: ReadOptions) => AsyncGenerator<RecordBatch>;

/**
 * DMS's name for full-load files: a hexadecimal counter (LOAD00000009, LOAD0000000A), or LOAD_<segment>_<counter> with
 * parallel load; the same pattern the SQL resolution uses (core/sql/cdc.ts).
 */
const FULL_LOAD = /(^|\/)LOAD[0-9A-F_]+\.[^/]*$/;
/** DMS's name for change files: the date, a dash and the time to a fraction of a second (20141029-1134010000.csv, 10 digits). */
const CHANGE_FILE = /(^|\/)\d{8}-\d{10}\.[^/]*$/;
/** The operation column DMS writes first in every change file. */
const OP = 'Op';

/** Whether a listing is DMS output by its file names (a full-load or a change file among them). */
export function looksLikeDms(objects: readonly SourceObject[]): boolean {
  return objects.some((o) => FULL_LOAD.test(o.name) || CHANGE_FILE.test(o.name));
}

/** Full-load files first, then every other file in name order: the order ties between equal timestamps follow. */
function changeOrder(objects: readonly SourceObject[]): SourceObject[] {
  const load = objects.filter((o) => FULL_LOAD.test(o.name));
  const changes = objects.filter((o) => !FULL_LOAD.test(o.name));
  const byName = (a: SourceObject, b: SourceObject) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return [...load.sort(byName), ...changes.sort(byName)];
}

/** One requested column held per key slot: numbers (with missing flags) or text. */
class SlotColumn {
  numbers: Float64Array | undefined;
  missing: Uint8Array | undefined;
  texts: (string | null)[] | undefined;
  constructor(numeric: boolean) {
    if (numeric) {
      this.numbers = new Float64Array(1024);
      this.missing = new Uint8Array(1024);
    } else this.texts = [];
  }
  set(slot: number, column: Column, i: number, asText: boolean): void {
    if (this.texts) {
      const v = column.values[i];
      this.texts[slot] =
        column.kind === 'number'
          ? column.missing?.[i]
            ? null
            : asText
              ? new Date(v as number).toISOString()
              : String(v)
          : ((v as string | null) ?? null);
      return;
    }
    if (slot >= this.numbers!.length) {
      const grown = new Float64Array(this.numbers!.length * 2);
      grown.set(this.numbers!);
      this.numbers = grown;
      const flags = new Uint8Array(grown.length);
      flags.set(this.missing!);
      this.missing = flags;
    }
    this.numbers![slot] = column.values[i] as number;
    this.missing![slot] = column.kind === 'number' && column.missing?.[i] ? 1 : 0;
  }
}

/** Position of the change that last wrote each key: its timestamp, file and record, and whether it deleted. */
class Positions {
  ts = new Float64Array(1024);
  file = new Int32Array(1024);
  record = new Float64Array(1024);
  deleted = new Uint8Array(1024);
  grow(slot: number): void {
    if (slot < this.ts.length) return;
    const n = this.ts.length * 2;
    const ts = new Float64Array(n);
    ts.set(this.ts);
    const file = new Int32Array(n);
    file.set(this.file);
    const record = new Float64Array(n);
    record.set(this.record);
    const deleted = new Uint8Array(n);
    deleted.set(this.deleted);
    Object.assign(this, { ts, file, record, deleted });
  }
  /** Whether a change at (ts, file, record) comes after the one held in `slot`. */
  later(slot: number, ts: number, file: number, record: number): boolean {
    if (ts !== this.ts[slot]) return ts > this.ts[slot]!;
    if (file !== this.file[slot]) return file > this.file[slot]!;
    return record > this.record[slot]!;
  }
}

/** The columns of a DMS table: the first object with rows, without the `Op` column. */
export async function dmsColumns(
  objects: readonly SourceObject[],
  options: ReadOptions,
  read: ReadObject,
): Promise<string[]> {
  for (const object of changeOrder(objects))
    for await (const batch of read(object, { ...options, columns: '*', batchSize: 100 }))
      return [...batch.columns.keys()].filter((c) => c !== OP);
  return [];
}

/** Stream the live rows of DMS output (see the module comment), as batches of the requested columns. */
export async function* readLiveRows(
  objects: readonly SourceObject[],
  options: ReadOptions,
  cdc: CdcOptions,
  read: ReadObject,
): AsyncGenerator<RecordBatch> {
  const requested = new Map<string, ColumnRequest>();
  if (options.columns === '*')
    for (const c of await dmsColumns(objects, options, read)) requested.set(c, { type: 'auto' });
  else for (const [name, r] of options.columns) requested.set(name, typeof r === 'string' ? { type: r } : r);
  const tsName = cdc.timestampColumn;
  // What each file is read as: text for 'auto' (typed once, when the live rows are emitted), the key as text, the
  // timestamp as a timestamp, `Op` when the file has it (full-load files usually do not).
  const perFile = new Map<string, ColumnRequest>();
  for (const [name, r] of requested) perFile.set(name, r.type === 'auto' ? { ...r, type: 'string' } : r);
  for (const k of cdc.key) if (!perFile.has(k)) perFile.set(k, { type: 'string' });
  if (tsName) perFile.set(tsName, { type: 'timestamp' });
  perFile.set(OP, { type: 'string', optional: true });
  const names = [...requested.keys()];
  const stored = names.map(
    (n) => new SlotColumn(n === tsName ? requested.get(n)!.type !== 'string' : isNumeric(requested.get(n)!)),
  );
  // The timestamp column as the user asked for it in text: ISO strings (it is read as a timestamp for ordering).
  const tsText = tsName && requested.get(tsName)?.type === 'string' ? tsName : undefined;
  const slots = new Map<string, number>();
  const at = new Positions();
  const files = changeOrder(objects);
  for (let f = 0; f < files.length; f++) {
    const object = files[f]!;
    const fullLoad = FULL_LOAD.test(object.name);
    for await (const batch of read(object, { ...options, columns: perFile })) {
      const keys = cdc.key.map((k) => batch.columns.get(k)!);
      const ops = batch.columns.get(OP);
      const ts = tsName ? batch.columns.get(tsName) : undefined;
      const cells = names.map((n) => batch.columns.get(n)!);
      for (let i = 0; i < batch.length; i++) {
        const record = batch.firstRecord + i;
        const where = `${batch.source}, record ${record}`;
        const key = keyOf(keys, i, cdc.key, where);
        const op = ops ? ops.values[i] : 'I';
        if (op !== 'I' && op !== 'U' && op !== 'D')
          throw new UserError(
            `${where}: column "Op" is ${JSON.stringify(op)}; DMS change rows are I (insert), U (update) or D (delete).`,
            {
              hint: 'Point the input at the table folder DMS writes (full-load and change files of one table).',
            },
          );
        let time = Number.NEGATIVE_INFINITY;
        if (ts) {
          if (ts.kind === 'number' && ts.missing?.[i]) {
            if (!fullLoad)
              throw new UserError(`${where}: the change has no time (column "${tsName}" is empty).`, {
                hint: 'Set cdc-timestamp-column to the column DMS fills with the commit time (TimestampColumnName).',
              });
          } else time = ts.values[i] as number;
        }
        if (cdc.asOf !== undefined && time > cdc.asOf) continue;
        let slot = slots.get(key);
        if (slot === undefined) {
          slot = slots.size;
          slots.set(key, slot);
          at.grow(slot);
        } else if (!at.later(slot, time, f, record)) continue;
        at.ts[slot] = time;
        at.file[slot] = f;
        at.record[slot] = record;
        at.deleted[slot] = op === 'D' ? 1 : 0;
        if (op === 'D') continue; // a deleted key keeps its position only; its cells are never emitted
        for (let c = 0; c < names.length; c++) stored[c]!.set(slot, cells[c]!, i, names[c] === tsText);
      }
    }
  }
  yield* emitLive(files, slots.size, at, names, requested, stored, options.batchSize ?? DEFAULT_BATCH);
}

function isNumeric(request: ColumnRequest): boolean {
  return request.type === 'number' || request.type === 'timestamp';
}

/** The key of row i: one column's text, or several joined by a separator that cannot occur in text cells. */
function keyOf(keys: Column[], i: number, names: string[], where: string): string {
  let key = '';
  for (let k = 0; k < keys.length; k++) {
    const column = keys[k]!;
    const v = column.values[i];
    if (v === null || v === undefined || (column.kind === 'number' && column.missing?.[i]))
      throw new UserError(`${where}: the cdc-key column "${names[k]}" is empty.`, {
        hint: 'Every row of a DMS table needs its primary key; set cdc-key to the table’s key columns.',
      });
    key = k === 0 ? String(v) : `${key}\u0000${String(v)}`;
  }
  return key;
}

/**
 * The live rows in file and record order, cut into batches of consecutive records of one file, so that a batch's
 * `source` and `firstRecord` still locate each of its rows for error messages.
 */
function* emitLive(
  files: SourceObject[],
  count: number,
  at: Positions,
  names: string[],
  requested: ReadonlyMap<string, ColumnRequest>,
  stored: SlotColumn[],
  batchSize: number,
): Generator<RecordBatch> {
  const live: number[] = [];
  for (let s = 0; s < count; s++) if (!at.deleted[s]) live.push(s);
  live.sort((a, b) => at.file[a]! - at.file[b]! || at.record[a]! - at.record[b]!);
  let start = 0;
  while (start < live.length) {
    let end = start + 1;
    while (
      end < live.length &&
      end - start < batchSize &&
      at.file[live[end]!] === at.file[live[start]!] &&
      at.record[live[end]!] === at.record[live[end - 1]!]! + 1
    )
      end++;
    const rows = live.slice(start, end);
    const source = files[at.file[rows[0]!]!]!.name;
    const firstRecord = at.record[rows[0]!]!;
    const columns = new Map<string, Column>();
    names.forEach((name, c) => {
      columns.set(name, liveColumn(stored[c]!, requested.get(name)!, rows, name, source, firstRecord));
    });
    yield { length: rows.length, columns, source, firstRecord };
    start = end;
  }
}

function liveColumn(
  stored: SlotColumn,
  request: ColumnRequest,
  rows: number[],
  name: string,
  source: string,
  firstRecord: number,
): Column {
  if (stored.numbers) {
    const values = Float64Array.from(rows, (s) => stored.numbers![s]!);
    const missing = Uint8Array.from(rows, (s) => stored.missing![s]!);
    return missing.includes(1) ? { kind: 'number', values, missing } : { kind: 'number', values };
  }
  if (request.type === 'string') return { kind: 'string', values: rows.map((s) => stored.texts![s] ?? null) };
  // 'auto': typed over this batch, as the format readers type a batch.
  const builder = new ColumnBuilder(name, 'auto', rows.length, request.allowNonFinite);
  rows.forEach((s, i) => {
    builder.push(stored.texts![s] ?? null, source, firstRecord + i);
  });
  return builder.build();
}
