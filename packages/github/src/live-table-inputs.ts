import { UserError } from '@mlops-actions/core';
import type { InputSpec } from './definition.js';
import type { InputReader } from './inputs.js';

/**
 * The inputs that resolve raw AWS DMS output (full-load + CDC files) to the table's live rows, declared once so every
 * action that reads data spells them the same way. They apply to each data input whose files DMS named
 * (`LOAD00000001.csv`, `20240105-101500123.csv`); other inputs are read as they are.
 */
export const cdcInputs = {
  'cdc-key': {
    description:
      'Key column(s) of a table replicated by AWS DMS (comma-separated). When set, an input that is raw DMS output (full-load LOAD*.csv/parquet files plus change files whose first column `Op` is I, U or D) is read as its live rows: the latest change of each key, deletes dropped. See docs/live-tables.md.',
  },
  'cdc-timestamp-column': {
    description:
      'Commit-time column of the DMS output (the endpoint’s TimestampColumnName) that orders changes; without it, changes apply in file order (full load first, then by name) and row order.',
  },
  'cdc-as-of': {
    description:
      'Resolve DMS output as of this time (ISO 8601; changes after it are ignored). Needs `cdc-timestamp-column`. Default: every change.',
  },
} satisfies Record<string, InputSpec>;

/** How DMS output is resolved, from the `cdc-*` inputs. */
export interface CdcInputs {
  key: string[];
  timestampColumn?: string;
  asOf?: number;
}

/** The `cdc-*` inputs, or undefined when `cdc-key` is not set. */
export function parseCdcInputs(r: InputReader): CdcInputs | undefined {
  const key = r.list('cdc-key');
  const timestampColumn = r.optionalString('cdc-timestamp-column');
  const asOf = r.timestamp('cdc-as-of');
  if (key.length === 0) {
    const other =
      timestampColumn !== undefined ? 'cdc-timestamp-column' : asOf !== undefined ? 'cdc-as-of' : undefined;
    if (other)
      throw new UserError(`Input "${other}" is set but "cdc-key" is empty.`, {
        hint: 'Set cdc-key to the key column(s) of the DMS table, or remove the cdc-* inputs.',
      });
    return undefined;
  }
  if (asOf !== undefined && timestampColumn === undefined)
    throw new UserError(
      'Input "cdc-as-of" needs "cdc-timestamp-column" (the commit-time column DMS writes).',
    );
  return { key, timestampColumn, asOf };
}
