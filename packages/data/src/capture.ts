/**
 * SageMaker Model Monitor record formats, flattened into plain columns:
 * - endpoint data capture (`captureData.endpointInput/endpointOutput`, `eventMetadata.eventId/inferenceId/
 *   inferenceTime`) -> `id`, `timestamp`, `score` (first value of the output) and the input features `feature_1` …
 *   `feature_N` (CSV input, in order) or the keys of a JSON object input, plus `event_id` and `inference_id` for
 *   tracing. `id` follows SageMaker's merge rule: the record's `inferenceId` (the ID a caller passed when invoking the
 *   endpoint, the usual way to attach labels later) when present, else its `eventId`;
 * - ground-truth records (`groundTruthData`, `eventMetadata.eventId`, which holds that same inference ID or event ID)
 *   -> `id`, `label`.
 * `data` is decoded according to `encoding` (CSV, JSON or BASE64). A record that does not have this shape is bad:
 * the reader counts it and skips it up to `maxBadRecords`.
 */

import { firstCsvRecord } from './csv-records.js';

/** A record without the expected shape: counted and skipped up to maxBadRecords. */
export class BadRecord extends Error {}

/** Columns data capture adds for tracing a record back to its request; ids, never features. */
export const CAPTURE_TRACE_COLUMNS = ['event_id', 'inference_id'] as const;

interface CapturePayload {
  data?: unknown;
  encoding?: string;
  observedContentType?: string;
}

function decode(payload: CapturePayload | undefined, what: string): string {
  if (!payload || typeof payload.data !== 'string') throw new BadRecord(`${what}.data is missing`);
  const encoding = (payload.encoding ?? 'CSV').toUpperCase();
  if (encoding === 'BASE64') {
    // Buffer.from skips characters outside the alphabet, which would turn a damaged record into garbage values.
    const compact = payload.data.replace(/\s+/g, '');
    if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact))
      throw new BadRecord(`${what}.data is not valid base64`);
    return Buffer.from(compact, 'base64').toString('utf8');
  }
  return payload.data;
}

function isJson(payload: CapturePayload, text: string): boolean {
  return (
    (payload.encoding ?? '').toUpperCase() === 'JSON' ||
    /json/i.test(payload.observedContentType ?? '') ||
    /^\s*[[{]/.test(text)
  );
}

/** The cells of the first CSV record of a payload, trimmed; a quoted field that is never closed makes the record bad. */
function csvCells(text: string, what: string): string[] {
  const cells = firstCsvRecord(text);
  if (!cells) throw new BadRecord(`${what}.data has a quoted field that is never closed`);
  return cells.map((c) => c.trim());
}

/** The first number of a model response: `0.8`, `0.8,0.2`, `[0.8]`, `{"score": 0.8}`, `{"predictions": [...]}`. */
function firstScore(payload: CapturePayload, text: string, what: string): unknown {
  if (!isJson(payload, text)) return csvCells(text, what)[0];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRecord('endpointOutput.data is not valid JSON');
  }
  for (let depth = 0; depth < 5; depth++) {
    if (Array.isArray(value)) value = value[0];
    else if (value !== null && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      value =
        o.score ?? o.predictions ?? o.prediction ?? o.probability ?? o.probabilities ?? Object.values(o)[0];
    } else break;
  }
  return value;
}

/** Positional features are named feature_1 … feature_N. */
function addPositional(out: Record<string, unknown>, values: unknown[]): void {
  for (let i = 0; i < values.length; i++) out[`feature_${i + 1}`] = values[i];
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** Flatten one data capture record (see the module comment). */
export function flattenCapture(record: Record<string, unknown>): Record<string, unknown> {
  const capture = record.captureData as
    | { endpointInput?: CapturePayload; endpointOutput?: CapturePayload }
    | undefined;
  const meta = record.eventMetadata as
    | { eventId?: unknown; inferenceId?: unknown; inferenceTime?: unknown }
    | undefined;
  if (!capture || typeof capture !== 'object') throw new BadRecord('captureData is missing');
  const eventId = nonEmpty(meta?.eventId) ? meta.eventId : null;
  const inferenceId = nonEmpty(meta?.inferenceId) ? meta.inferenceId : null;
  if (eventId === null && inferenceId === null) throw new BadRecord('eventMetadata.eventId is missing');
  // Keys come from data (a JSON input's feature names): no prototype, so `__proto__` is a column like any other.
  const out: Record<string, unknown> = Object.create(null);
  out.id = inferenceId ?? eventId;
  out.timestamp = meta?.inferenceTime ?? null;
  out.event_id = eventId;
  out.inference_id = inferenceId;
  const output = decode(capture.endpointOutput, 'captureData.endpointOutput');
  out.score = firstScore(capture.endpointOutput!, output, 'captureData.endpointOutput');
  if (capture.endpointInput) {
    const input = decode(capture.endpointInput, 'captureData.endpointInput');
    if (isJson(capture.endpointInput, input)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(input);
      } catch {
        throw new BadRecord('endpointInput.data is not valid JSON');
      }
      if (Array.isArray(parsed)) parsed = parsed[0];
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const features = (parsed as Record<string, unknown>).features ?? parsed;
        if (Array.isArray(features)) addPositional(out, features);
        else for (const [k, v] of Object.entries(features as object)) if (!Object.hasOwn(out, k)) out[k] = v;
      } else if (Array.isArray(parsed)) addPositional(out, parsed);
    } else addPositional(out, csvCells(input, 'captureData.endpointInput'));
  }
  return out;
}

/** Flatten one Model Monitor ground-truth record to `id` and `label`. */
export function flattenGroundTruth(record: Record<string, unknown>): Record<string, unknown> {
  const truth = record.groundTruthData as CapturePayload | undefined;
  const meta = record.eventMetadata as { eventId?: unknown } | undefined;
  if (!meta || typeof meta.eventId !== 'string') throw new BadRecord('eventMetadata.eventId is missing');
  const text = decode(truth, 'groundTruthData');
  return { id: meta.eventId, label: firstScore(truth!, text, 'groundTruthData') };
}
