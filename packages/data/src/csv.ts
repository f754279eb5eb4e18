import { UserError } from '@mlops-actions/core';
import { type ByteColumnBuilder, byteColumnBuilder } from './byte-columns.js';
import { CsvScanner, DEFAULT_MAX_RECORD_BYTES, RAW_QUOTED, unquoteField } from './csv-scan.js';
import { BatchEmitter } from './emit.js';
import { type ColumnRequests, pickColumns, shortName } from './select.js';
import type { SourceObject } from './sources.js';
import type { ReadOptions, RecordBatch } from './types.js';

const CR = 0x0d;

/**
 * The header line's cells, as text; a carriage return inside the header is an error, the sign of old Mac line ends
 * (CR only), which would make the file one line.
 */
function headerCells(scanner: CsvScanner, object: SourceObject): string[] {
  const { bytes, starts, ends, kinds } = scanner;
  const header: string[] = [];
  for (let f = 0; f < scanner.count; f++) {
    const s = starts[f]!;
    const e = ends[f]!;
    if (kinds[f] !== RAW_QUOTED && bytes.subarray(s, e).includes(CR)) {
      throw new UserError(
        `${object.name}, line 1: the header holds a carriage return (CR) that does not end the line: the file looks like it uses old Mac line endings (CR only).`,
        { hint: 'Convert the line endings to LF or CRLF (for example: tr "\\r" "\\n" < old.csv > new.csv).' },
      );
    }
    const cell = kinds[f] === RAW_QUOTED ? unquoteField(bytes, s, e) : bytes.subarray(s, e);
    header.push(cell.toString('utf8'));
  }
  return header;
}

/** The header's column names, trimmed; a name given twice is an error (a column would be ambiguous). */
function readHeader(cells: string[], object: SourceObject, given: boolean): string[] {
  const header = cells.map((c) => c.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) {
      const where = given ? 'the column names given for this header-less file name' : 'the header has';
      throw new UserError(`${object.name}: ${where} the column ${JSON.stringify(shortName(h))} twice.`);
    }
    seen.add(h);
  }
  return header;
}

/**
 * Where a byte range inside a CSV file starts (csv-ranges.ts): the file's header (already read), the line the range
 * starts on, and a callback told the line after its last record when the range is done.
 */
export interface CsvContinuation {
  /** Absent for the range that starts the file: its header is read from it. */
  header?: string[];
  firstLine: number;
  onEnd: (endLine: number) => void;
}

/**
 * Columnar batches of a CSV/TSV byte stream (UTF-8, see utf8Chunks): a header line (or `options.header` for a
 * header-less file), then records with as many fields as the header. Record numbers are line numbers (a header line
 * is line 1). Only the requested columns are decoded, and
 * from their bytes (csv-scan.ts, byte-columns.ts): no string per cell. With `continuation`, the bytes are a range of
 * a file after its header, read with the messages and line numbers the whole file gives there.
 */
export async function* csvBatches(
  chunks: AsyncIterable<Buffer>,
  delimiter: string,
  object: SourceObject,
  requested: ColumnRequests,
  batchSize: number,
  options: ReadOptions,
  continuation?: CsvContinuation,
): AsyncGenerator<RecordBatch> {
  const scanner = new CsvScanner(
    delimiter,
    object.name,
    options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    continuation?.firstLine,
    continuation?.header !== undefined,
  );
  let header: string[] | undefined;
  let emitter: BatchEmitter<ByteColumnBuilder> | undefined;
  let fields = new Int32Array(0);
  const start = (names: string[], given: boolean, firstLine: number) => {
    header = readHeader(names, object, given);
    const single = header.length === 1 && !given ? header[0] : undefined;
    const picks = pickColumns(requested, header, object, options.inputName, single);
    fields = Int32Array.from(picks, (p) => p.index);
    emitter = new BatchEmitter(object.name, picks, batchSize, firstLine, (c) =>
      byteColumnBuilder(c.name, c.request, batchSize, object.name),
    );
  };
  if (continuation?.header) start(continuation.header, false, continuation.firstLine);
  else if (options.header) start(options.header, true, 1);
  const named = options.header ? 'column names given' : 'header';
  const records = function* (): Generator<RecordBatch> {
    while (scanner.next()) {
      if (!header) {
        start(headerCells(scanner, object), false, 2);
        continue;
      }
      const line = scanner.line;
      if (scanner.count !== header.length) {
        throw new UserError(
          `${object.name}, line ${line}: expected ${header.length} fields like the ${named}, found ${scanner.count}.`,
          {
            hint: 'Check for an unquoted delimiter or a missing field; quote fields that contain commas or newlines.',
          },
        );
      }
      const { bytes, starts, ends, kinds } = scanner;
      const builders = emitter!.builders;
      for (let p = 0; p < fields.length; p++) {
        const f = fields[p]!;
        if (kinds[f] === RAW_QUOTED) {
          const cell = unquoteField(bytes, starts[f]!, ends[f]!);
          builders[p]!.push(cell, 0, cell.length, line);
        } else builders[p]!.push(bytes, starts[f]!, ends[f]!, line);
      }
      const batch = emitter!.endRow(line + 1);
      if (batch) yield batch;
    }
  };
  for await (const chunk of chunks) if (scanner.push(chunk)) yield* records();
  scanner.end();
  yield* records();
  if (!header) throw new UserError(`${object.name} is empty: a CSV file needs a header line.`);
  const last = emitter!.finish();
  if (last) yield last;
  continuation?.onEnd(scanner.endLine);
}
