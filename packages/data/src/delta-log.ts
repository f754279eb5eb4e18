import { resolve, sep } from 'node:path';
import { UserError } from '@mlops-actions/core';
import { parseS3Uri } from './s3-uri.js';
import type { SourceObject } from './sources.js';

/**
 * Finding a Delta Lake table in a listing, and which log files describe a version of it. A directory or s3:// prefix
 * with a `_delta_log/` folder at its root is read as a Delta table (its data files are the current version's, not
 * every file below it); `path@v12` reads version 12 (the time-travel syntax of Databricks SQL).
 */

/** The folder a Delta table lives in, to resolve the relative paths its log names. */
export type TableRoot =
  | { kind: 'file'; path: string; name: string }
  | { kind: 's3'; bucket: string; key: string; name: string };

/** The log of a Delta table as listed: commits and checkpoints by version. */
export interface DeltaLog {
  root: TableRoot;
  commits: Map<number, SourceObject>;
  /** Classic checkpoints (one file, or every part of a multi-part one) by version. */
  checkpoints: Map<number, SourceObject[]>;
  lastCheckpoint: SourceObject | undefined;
}

/** A source with an optional `@vN` suffix split into the source and the version. */
export function splitVersion(entry: string): { source: string; version: number | undefined } {
  const match = entry.match(/^(.*[^@])@v(\d+)$/);
  return match ? { source: match[1]!, version: Number(match[2]) } : { source: entry, version: undefined };
}

const COMMIT = /^(\d{20})\.json$/;
const CHECKPOINT = /^(\d{20})\.checkpoint\.parquet$/;
const CHECKPOINT_PART = /^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$/;

/** The Delta log at the root of `entry` among the objects listed for it, or undefined when it is not a Delta table. */
export function findDeltaLog(
  entry: string,
  objects: readonly SourceObject[],
  cwd: string,
): DeltaLog | undefined {
  let root: TableRoot;
  let relative: (o: SourceObject) => string | undefined;
  const s3 = parseS3Uri(entry);
  if (s3) {
    const key = s3.key.replace(/\/+$/, '');
    const prefix = key ? `${key}/_delta_log/` : '_delta_log/';
    root = { kind: 's3', bucket: s3.bucket, key, name: `s3://${s3.bucket}${key ? `/${key}` : ''}` };
    relative = (o) => (o.kind === 's3' && o.key.startsWith(prefix) ? o.key.slice(prefix.length) : undefined);
  } else {
    const dir = resolve(cwd, entry);
    const prefix = `${dir}${sep}_delta_log${sep}`;
    root = { kind: 'file', path: dir, name: entry.replace(/\/+$/, '') };
    relative = (o) =>
      o.kind === 'file' && o.path.startsWith(prefix) ? o.path.slice(prefix.length) : undefined;
  }
  const log: DeltaLog = { root, commits: new Map(), checkpoints: new Map(), lastCheckpoint: undefined };
  let found = false;
  const parts = new Map<number, { total: number; objects: SourceObject[] }>();
  for (const object of objects) {
    const name = relative(object);
    if (name === undefined) continue;
    found = true;
    const commit = name.match(COMMIT);
    const checkpoint = name.match(CHECKPOINT);
    const part = name.match(CHECKPOINT_PART);
    if (name === '_last_checkpoint') log.lastCheckpoint = object;
    else if (commit) log.commits.set(Number(commit[1]), object);
    else if (checkpoint) log.checkpoints.set(Number(checkpoint[1]), [object]);
    else if (part) {
      const version = Number(part[1]);
      const entry = parts.get(version) ?? { total: Number(part[3]), objects: [] };
      entry.objects.push(object);
      parts.set(version, entry);
    }
  }
  // A multi-part checkpoint counts only when every part is there (a writer may have died half-way).
  for (const [version, { total, objects: list }] of parts)
    if (list.length === total && !log.checkpoints.has(version))
      log.checkpoints.set(
        version,
        list.sort((a, b) => (a.name < b.name ? -1 : 1)),
      );
  return found ? log : undefined;
}

/** What to replay for a version: the checkpoint to start from (if any) and the commits after it, in order. */
export interface ReplayPlan {
  version: number;
  checkpoint: { version: number; parts: SourceObject[] } | undefined;
  commits: SourceObject[];
}

/**
 * The replay plan for `version` (default: the latest): start from the newest complete checkpoint at or before it
 * (`_last_checkpoint`'s when it names one), then every commit after that checkpoint up to the version, which must all
 * be there.
 */
export function planReplay(log: DeltaLog, version: number | undefined, hint: number | undefined): ReplayPlan {
  const name = log.root.name;
  const latest = Math.max(-1, ...log.commits.keys(), ...log.checkpoints.keys());
  if (latest < 0)
    throw new UserError(
      `${name}/_delta_log has no commit (*.json) and no checkpoint: not a readable Delta table.`,
    );
  const target = version ?? latest;
  if (target > latest)
    throw new UserError(`${name}@v${target}: the Delta table's latest version is ${latest}.`, {
      hint: `Use a version from 0 to ${latest}, or drop @v to read the latest.`,
    });
  const usable = [...log.checkpoints.keys()].filter((v) => v <= target);
  const start =
    hint !== undefined && hint <= target && log.checkpoints.has(hint) ? hint : Math.max(-1, ...usable);
  const commits: SourceObject[] = [];
  for (let v = start + 1; v <= target; v++) {
    const commit = log.commits.get(v);
    if (!commit)
      throw new UserError(
        `${name}: commit ${v} of the Delta log is missing, so version ${target} cannot be rebuilt${start < 0 ? ' (and no checkpoint precedes it)' : ` from checkpoint ${start}`}.`,
        {
          hint: 'Old log entries are removed by log retention (delta.logRetentionDuration): read a newer version, or point the input at a complete table.',
        },
      );
    commits.push(commit);
  }
  return {
    version: target,
    checkpoint: start >= 0 ? { version: start, parts: log.checkpoints.get(start)! } : undefined,
    commits,
  };
}
