import { ColumnBuilder } from './columns.js';
import type { BytesColumn, Column, ColumnRequest, RecordBatch } from './types.js';

/** Rows per batch when ReadOptions.batchSize is not given. */
export const DEFAULT_BATCH = 65_536;

/**
 * Cuts the rows a format reader parses into column batches: the one place where batches are shaped, for every
 * row-oriented format (CSV/TSV, JSON Lines, data capture, ground truth). A reader gives each requested cell of a row
 * to `cell` (by the column's position in `columns`), then calls `endRow`, which returns a batch when `batchSize`
 * rows are in; `finish` returns the last, partial batch. With no columns requested, batches still carry the row
 * count. A reader with builders of its own (the CSV reader's, which parse bytes) passes `make` and fills
 * `builders` itself; every builder starts over after `build`.
 */
export class BatchEmitter<
  B extends { readonly name: string; build(): Column | BytesColumn } = ColumnBuilder,
> {
  readonly columns: readonly { name: string; request: ColumnRequest }[];
  /** One builder per requested column, in `columns` order, kept across batches. */
  readonly builders: B[];
  private rows = 0;
  private firstRecord: number;
  private readonly source: string;
  private readonly batchSize: number;

  /** `firstRecord` is the 1-based record number (a CSV line) of the first row, for the batch's `firstRecord`. */
  constructor(
    source: string,
    columns: readonly { name: string; request: ColumnRequest }[],
    batchSize: number,
    firstRecord: number,
    make?: (column: { name: string; request: ColumnRequest }) => B,
  ) {
    this.source = source;
    this.columns = columns;
    this.batchSize = batchSize;
    this.firstRecord = firstRecord;
    this.builders = columns.map(
      make ??
        ((c) =>
          new ColumnBuilder(c.name, c.request.type, batchSize, c.request.allowNonFinite) as unknown as B),
    );
  }

  /** Add the current row's cell of column `p` (text builders only); `record` locates it in error messages. */
  cell(p: number, value: unknown, record: number): void {
    (this.builders[p] as unknown as ColumnBuilder).push(value, this.source, record);
  }

  /** End the current row: the full batch when it completes one (the next batch starts at `nextRecord`). */
  endRow(nextRecord: number): RecordBatch | undefined {
    if (++this.rows < this.batchSize) return undefined;
    return this.cut(nextRecord);
  }

  /** The rows not yet emitted as a last batch, or undefined when there are none. */
  finish(): RecordBatch | undefined {
    return this.rows > 0 ? this.cut(this.firstRecord) : undefined;
  }

  private cut(nextRecord: number): RecordBatch {
    const columns: RecordBatch['columns'] = new Map();
    let bytes: RecordBatch['bytes'];
    for (const b of this.builders) {
      const column = b.build();
      if (column.kind === 'bytes') {
        bytes ??= new Map();
        bytes.set(b.name, column);
      } else columns.set(b.name, column);
    }
    const batch: RecordBatch = {
      length: this.rows,
      columns,
      source: this.source,
      firstRecord: this.firstRecord,
    };
    if (bytes) batch.bytes = bytes;
    this.rows = 0;
    this.firstRecord = nextRecord;
    return batch;
  }
}
