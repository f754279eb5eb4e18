import { UserError } from '@mlops-actions/core';
import { csvRecords } from './csv-records.js';
import { BatchEmitter } from './emit.js';
import { type ColumnPick, type ColumnRequests, pickColumns } from './select.js';
import type { SourceObject } from './sources.js';
import type { ReadOptions, RecordBatch } from './types.js';

/** The header's column names, trimmed; a name given twice is an error (a column would be ambiguous). */
function readHeader(cells: string[], object: SourceObject, given = false): string[] {
  const header = cells.map((c) => c.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) {
      const where = given ? 'the column names given for this header-less file name' : 'the header has';
      throw new UserError(`${object.name}: ${where} the column ${JSON.stringify(h)} twice.`);
    }
    seen.add(h);
  }
  return header;
}

/**
 * Columnar batches of a CSV/TSV text stream: a header line (or `options.header` for a header-less file), then
 * records with as many fields as the header. Record numbers are line numbers (a header line is line 1).
 */
export async function* csvBatches(
  chunks: AsyncIterable<string>,
  delimiter: string,
  object: SourceObject,
  requested: ColumnRequests,
  batchSize: number,
  options: ReadOptions,
): AsyncGenerator<RecordBatch> {
  let header: string[] | undefined;
  let picks: ColumnPick[] = [];
  let emitter: BatchEmitter | undefined;
  let lastLine = 1;
  const start = (names: string[], given: boolean, firstLine: number) => {
    header = readHeader(names, object, given);
    const single = header.length === 1 && !given ? header[0] : undefined;
    picks = pickColumns(requested, header, object, options.inputName, single);
    emitter = new BatchEmitter(object.name, picks, batchSize, firstLine);
  };
  if (options.header) start(options.header, true, 1);
  const fields = () => (options.header ? 'column names given' : 'header');
  try {
    for await (const group of csvRecords(chunks, delimiter))
      for (const { cells, line } of group) {
        if (!header) {
          start(cells, false, 2);
          continue;
        }
        lastLine = line;
        if (cells.length !== header.length) {
          throw new UserError(
            `${object.name}, line ${line}: expected ${header.length} fields like the ${fields()}, found ${cells.length}.`,
            {
              hint: 'Check for an unquoted delimiter or a missing field; quote fields that contain commas or newlines.',
            },
          );
        }
        for (let p = 0; p < picks.length; p++) emitter!.cell(p, cells[picks[p]!.index]!, line);
        const batch = emitter!.endRow(line + 1);
        if (batch) yield batch;
      }
  } catch (error) {
    if (error instanceof UserError && error.message === 'unterminated quoted field') {
      throw new UserError(`${object.name}: a quoted field opened after line ${lastLine} is never closed.`);
    }
    throw error;
  }
  if (!header) throw new UserError(`${object.name} is empty: a CSV file needs a header line.`);
  const last = emitter!.finish();
  if (last) yield last;
}
