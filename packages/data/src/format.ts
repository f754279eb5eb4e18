import type { Format } from './types.js';

/** The formats a text stream is read as (Parquet is binary and read by random access instead). */
type TextFormat = Exclude<Format, 'auto' | 'parquet'>;

/** The format of an object from its name (ignoring `.gz`), or undefined to sniff the content. */
export function formatFromName(name: string): 'csv' | 'tsv' | 'jsonl' | 'parquet' | undefined {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  if (base.endsWith('.csv')) return 'csv';
  if (base.endsWith('.tsv')) return 'tsv';
  if (base.endsWith('.jsonl') || base.endsWith('.ndjson') || base.endsWith('.json')) return 'jsonl';
  if (base.endsWith('.parquet')) return 'parquet';
  return undefined;
}

/**
 * The text format from the first decoded chunk, for `auto` (JSON Lines start with `{`, anything else is CSV) and for
 * JSON Lines chosen by extension (SageMaker Model Monitor records are JSON Lines with a known shape).
 */
export function sniffTextFormat(kind: 'auto' | 'jsonl', head: string): TextFormat {
  const text = kind === 'auto' ? (/^\uFEFF?\s*\{/.test(head) ? 'jsonl' : 'csv') : kind;
  if (text === 'jsonl') {
    const start = head.slice(0, 4096);
    if (/^\uFEFF?\s*\{[^\n]*"captureData"\s*:/.test(start)) return 'data-capture';
    if (/^\uFEFF?\s*\{[^\n]*"groundTruthData"\s*:/.test(start)) return 'ground-truth';
  }
  return text;
}
