import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '@mlops-actions/core';
import { parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ColumnBuilder } from './columns.js';
import { type DeltaLog, planReplay, type TableRoot } from './delta-log.js';
import type { ReadProgress } from './progress.js';
import { parseS3Uri } from './s3-uri.js';
import { missingColumn, normalizeRequests } from './select.js';
import { openSource, type SourceObject } from './sources.js';
import type { Column, ColumnRequest, ReadOptions, RecordBatch } from './types.js';

/**
 * Delta Lake tables read as the current (or a given) version's data files: the log's checkpoint and JSON commits are
 * replayed (add and remove actions), partition values become columns, and each data file is read by the Parquet
 * reader. Column mapping and deletion vectors are refused with a clear error rather than read wrongly.
 */

interface AddAction {
  path: string;
  /** The file's size in bytes, as the log records it (for read progress). */
  size: number;
  partitionValues: Map<string, string | null>;
  deletionVector: unknown;
}

/** The state of a table at one version: its live files, schema and partition columns. */
interface Snapshot {
  version: number;
  files: Map<string, AddAction>;
  columns: string[];
  partitionColumns: string[];
  configuration: Map<string, string>;
  readerFeatures: string[];
  minReaderVersion: number;
}

/** Reader features whose tables this reader reads correctly (deletion vectors only while no live file has one). */
const SUPPORTED_FEATURES = new Set([
  'timestampNtz',
  'deletionVectors',
  'vacuumProtocolCheck',
  'typeWidening',
]);

function toMap(value: unknown): Map<string, string | null> {
  const out = new Map<string, string | null>();
  if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.set(k, v === null || v === undefined ? null : String(v));
  return out;
}

/** The actions this reader applies, as a commit line or a checkpoint row holds them (other actions are ignored). */
interface LogAction {
  add?: { path: string; size?: number | bigint; partitionValues?: unknown; deletionVector?: unknown };
  remove?: { path: string };
  metaData?: { schemaString: string; partitionColumns?: string[]; configuration?: unknown };
  protocol?: { minReaderVersion?: number; readerFeatures?: string[] };
}

/** Apply one action (a line of a commit, or a row of a checkpoint) to the snapshot being built. */
function apply(state: Snapshot, action: LogAction, where: string): void {
  if (action.add) {
    const add = action.add;
    state.files.set(add.path, {
      path: add.path,
      size: Number(add.size ?? 0),
      partitionValues: toMap(add.partitionValues),
      deletionVector: add.deletionVector ?? undefined,
    });
  } else if (action.remove) state.files.delete(action.remove.path);
  else if (action.metaData) {
    const meta = action.metaData;
    let schema: { fields?: { name: string }[] };
    try {
      schema = JSON.parse(meta.schemaString);
    } catch {
      throw new UserError(`${where}: the table's schemaString is not JSON.`);
    }
    state.columns = (schema.fields ?? []).map((f) => f.name);
    state.partitionColumns = [...(meta.partitionColumns ?? [])];
    state.configuration = toMap(meta.configuration) as Map<string, string>;
  } else if (action.protocol) {
    state.minReaderVersion = Number(action.protocol.minReaderVersion ?? 1);
    state.readerFeatures = [...(action.protocol.readerFeatures ?? [])];
  }
}

async function text(object: SourceObject, s3: ReadOptions['s3']): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openSource(object, s3)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// The Parquet reader is imported where used, so bundles share read.ts's lazily loaded chunk instead of copying it.
async function applyCheckpoint(state: Snapshot, part: SourceObject, s3: ReadOptions['s3']): Promise<void> {
  const { asyncBuffer } = await import('./parquet.js');
  const { file, close } = await asyncBuffer(part, s3);
  try {
    const metadata = await parquetMetadataAsync(file);
    const present = new Set(parquetSchema(metadata).children.map((c) => c.element.name));
    const columns = ['protocol', 'metaData', 'add', 'remove'].filter((c) => present.has(c));
    const rows = await parquetReadObjects({ file, metadata, columns, compressors });
    for (const row of rows) apply(state, row as LogAction, part.name);
  } finally {
    await close();
  }
}

/** Replay the log up to `version` (default: latest) into the table's snapshot. */
async function snapshot(
  log: DeltaLog,
  version: number | undefined,
  s3: ReadOptions['s3'],
): Promise<Snapshot> {
  let hint: number | undefined;
  if (log.lastCheckpoint && version === undefined) {
    try {
      hint = Number(JSON.parse(await text(log.lastCheckpoint, s3)).version);
    } catch {
      hint = undefined; // a torn or unreadable hint only costs a longer replay
    }
  }
  const plan = planReplay(log, version, hint);
  const state: Snapshot = {
    version: plan.version,
    files: new Map(),
    columns: [],
    partitionColumns: [],
    configuration: new Map(),
    readerFeatures: [],
    minReaderVersion: 1,
  };
  for (const part of plan.checkpoint?.parts ?? []) await applyCheckpoint(state, part, s3);
  for (const commit of plan.commits) {
    const lines = (await text(commit, s3)).split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let action: LogAction;
      try {
        action = JSON.parse(line);
      } catch {
        throw new UserError(`${commit.name}, line ${i + 1}: not a JSON action; the Delta log is damaged.`);
      }
      apply(state, action, `${commit.name}, line ${i + 1}`);
    });
  }
  checkReadable(state, log.root.name);
  return state;
}

function checkReadable(state: Snapshot, name: string): void {
  const table = `${name} (Delta version ${state.version})`;
  if (state.minReaderVersion > 3)
    throw new UserError(
      `${table} needs Delta reader version ${state.minReaderVersion}; this reader knows 1 to 3.`,
    );
  const unknown = state.readerFeatures.filter((f) => !SUPPORTED_FEATURES.has(f));
  const mapping = state.configuration.get('delta.columnMapping.mode');
  if (mapping && mapping !== 'none') unknown.push(`columnMapping (mode ${mapping})`);
  if (unknown.length > 0)
    throw new UserError(`${table} uses Delta features this reader does not support: ${unknown.join(', ')}.`, {
      hint: 'Read the table through Athena or Spark, or export it to Parquet files.',
    });
  for (const add of state.files.values())
    if (add.deletionVector)
      throw new UserError(
        `${table}: data file ${add.path} has a deletion vector, which this reader cannot apply.`,
        {
          hint: 'Run OPTIMIZE (or REORG TABLE ... APPLY (PURGE)) on the table to rewrite files without deletion vectors.',
        },
      );
}

/** A data file named by the log: relative to the table root (URL-encoded, per the protocol) or an absolute URI. */
function dataObject(root: TableRoot, path: string): SourceObject {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    const s3 = parseS3Uri(path.replace(/^s3a:/i, 's3:'));
    if (s3) return { kind: 's3', bucket: s3.bucket, key: decodeURIComponent(s3.key), name: path };
    if (path.startsWith('file:')) return { kind: 'file', path: fileURLToPath(path), name: path };
    throw new UserError(`${root.name}: data file ${path} is on a storage this reader does not know.`);
  }
  const relative = decodeURIComponent(path);
  if (root.kind === 'file')
    return { kind: 'file', path: join(root.path, relative), name: `${root.name}/${relative}` };
  const key = root.key ? `${root.key}/${relative}` : relative;
  return { kind: 's3', bucket: root.bucket, key, name: `s3://${root.bucket}/${key}` };
}

/** Column names of the Delta table (its schema, partition columns included). */
export async function deltaColumns(log: DeltaLog, version: number | undefined, options: ReadOptions) {
  return (await snapshot(log, version, options.s3)).columns;
}

/**
 * Stream the rows of a Delta table version as batches: its live data files in path order, partition values added.
 * `progress` counts the bytes read of the files' sizes as the log records them.
 */
export async function* readDeltaTable(
  log: DeltaLog,
  version: number | undefined,
  options: ReadOptions,
  progress?: ReadProgress,
): AsyncGenerator<RecordBatch> {
  const state = await snapshot(log, version, options.s3);
  const normalized = normalizeRequests(options.columns);
  const requested: ReadonlyMap<string, ColumnRequest> =
    normalized === '*' ? new Map(state.columns.map((c) => [c, { type: 'auto' as const }])) : normalized;
  const partitions = new Set(state.partitionColumns);
  // Data columns are optional per file: a column added to the table later is null in older files, as in Delta.
  const dataRequests = new Map<string, ColumnRequest>();
  for (const [name, request] of requested) {
    if (!state.columns.includes(name)) {
      if (request.optional) continue;
      const table = {
        kind: 'file' as const,
        path: '',
        name: `${log.root.name} (Delta version ${state.version})`,
      };
      throw missingColumn(name, table, state.columns, options.inputName);
    }
    if (!partitions.has(name)) dataRequests.set(name, { ...request, optional: true });
  }
  const { readParquetObject } = await import('./parquet.js');
  const paths = [...state.files.keys()].sort();
  // Sized from the log up front, so the total is known before the first file opens (a file without a size in its
  // entry is sized when it opens).
  for (const path of paths) {
    const { size } = state.files.get(path)!;
    if (progress && size > 0) progress.sized(dataObject(log.root, path), size);
  }
  for (const path of paths) {
    const add = state.files.get(path)!;
    const object = dataObject(log.root, path);
    for await (const batch of readParquetObject(object, dataRequests, options, progress)) {
      const columns = new Map<string, Column>();
      for (const [name, request] of requested) {
        if (!state.columns.includes(name)) continue;
        const read = batch.columns.get(name);
        if (read) columns.set(name, read);
        else
          columns.set(
            name,
            constantColumn(
              name,
              request,
              partitions.has(name) ? (add.partitionValues.get(name) ?? null) : null,
              batch,
            ),
          );
      }
      yield { ...batch, columns };
    }
  }
}

/** A partition value (or the null of a column the file predates) repeated over a batch, parsed as requested. */
function constantColumn(
  name: string,
  request: ColumnRequest,
  value: string | null,
  batch: RecordBatch,
): Column {
  const builder = new ColumnBuilder(name, request.type, batch.length, request.allowNonFinite);
  const source = `${batch.source} (partition column "${name}")`;
  for (let i = 0; i < batch.length; i++) builder.push(value, source, batch.firstRecord + i);
  return builder.build();
}
