import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBatches } from './read.js';

describe('SageMaker Model Monitor formats', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capture-'));
  const capture = (id: string, input: string, output: string, extra = {}) =>
    JSON.stringify({
      captureData: {
        endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: input, encoding: 'CSV' },
        endpointOutput: {
          observedContentType: 'text/csv; charset=utf-8',
          mode: 'OUTPUT',
          data: output,
          encoding: 'CSV',
        },
      },
      eventMetadata: { eventId: id, inferenceTime: '2026-11-20T10:00:00Z' },
      eventVersion: '0',
      ...extra,
    });

  it('flattens data capture records (CSV, JSON and base64 payloads) into id, timestamp, score and features', async () => {
    const path = join(dir, 'capture.jsonl');
    const json = JSON.stringify({
      captureData: {
        endpointInput: {
          observedContentType: 'application/json',
          data: '{"age": 41, "country": "DE"}',
          encoding: 'JSON',
        },
        endpointOutput: {
          observedContentType: 'application/json',
          data: '{"predictions": [{"score": 0.25}]}',
          encoding: 'JSON',
        },
      },
      eventMetadata: { eventId: 'e3', inferenceTime: '2026-11-20T11:00:00Z' },
    });
    const b64 = JSON.stringify({
      captureData: {
        endpointInput: { data: Buffer.from('7,"x, y"').toString('base64'), encoding: 'BASE64' },
        endpointOutput: { data: Buffer.from('0.5').toString('base64'), encoding: 'BASE64' },
      },
      eventMetadata: { eventId: 'e4', inferenceTime: '2026-11-20T12:00:00Z' },
    });
    writeFileSync(
      path,
      `${capture('e1', '1.5,3,abc', '0.87')}\n${capture('e2', '2.5,4,def', '0.13,0.87')}\n${b64}\n`,
    );
    const rows: Record<string, unknown>[] = [];
    for await (const b of readBatches(path, {
      columns: new Map(
        Object.entries({
          id: 'string',
          timestamp: 'timestamp',
          score: 'number',
          feature_1: 'number',
          feature_3: 'string',
        }),
      ),
    }))
      for (let i = 0; i < b.length; i++)
        rows.push(Object.fromEntries([...b.columns].map(([k, c]) => [k, c.values[i]])));
    expect(rows).toEqual([
      {
        id: 'e1',
        timestamp: Date.parse('2026-11-20T10:00:00Z'),
        score: 0.87,
        feature_1: 1.5,
        feature_3: 'abc',
      },
      {
        id: 'e2',
        timestamp: Date.parse('2026-11-20T10:00:00Z'),
        score: 0.13,
        feature_1: 2.5,
        feature_3: 'def',
      },
      { id: 'e4', timestamp: Date.parse('2026-11-20T12:00:00Z'), score: 0.5, feature_1: 7, feature_3: null },
    ]);
    const jsonPath = join(dir, 'capture-json.jsonl');
    writeFileSync(jsonPath, `${json}\n`);
    for await (const b of readBatches(jsonPath, {
      columns: new Map(Object.entries({ score: 'number', age: 'number', country: 'string' })),
    })) {
      expect(b.columns.get('score')!.values[0]).toBe(0.25);
      expect(b.columns.get('age')!.values[0]).toBe(41);
      expect(b.columns.get('country')!.values[0]).toBe('DE');
    }
  });

  it('keys a captured record by its inferenceId when present, else its eventId, keeping both for tracing', async () => {
    const path = join(dir, 'capture-ids.jsonl');
    writeFileSync(
      path,
      [
        capture('ev-1', '1', '0.1', { eventMetadata: { eventId: 'ev-1', inferenceId: 'order-1' } }),
        capture('ev-2', '2', '0.2'),
        JSON.stringify({
          captureData: {
            endpointInput: { data: Buffer.from('3').toString('base64'), encoding: 'BASE64' },
            endpointOutput: { data: Buffer.from('0.3').toString('base64'), encoding: 'BASE64' },
          },
          eventMetadata: { inferenceId: 'order-3' },
        }),
      ].join('\n'),
    );
    const rows: unknown[][] = [];
    for await (const b of readBatches(path, {
      columns: new Map(
        Object.entries({ id: 'string', event_id: 'string', inference_id: 'string', feature_1: 'number' }),
      ),
    }))
      for (let i = 0; i < b.length; i++)
        rows.push(['id', 'event_id', 'inference_id', 'feature_1'].map((c) => b.columns.get(c)!.values[i]));
    expect(rows).toEqual([
      ['order-1', 'ev-1', 'order-1', 1],
      ['ev-2', 'ev-2', null, 2],
      ['order-3', null, 'order-3', 3],
    ]);
  });

  it('counts invalid base64 as a malformed record instead of decoding garbage', async () => {
    const path = join(dir, 'capture-b64.jsonl');
    const damaged = JSON.stringify({
      captureData: {
        endpointInput: { data: 'MS41LDM=!!', encoding: 'BASE64' },
        endpointOutput: { data: 'MC41', encoding: 'BASE64' },
      },
      eventMetadata: { eventId: 'e9' },
    });
    writeFileSync(path, `${capture('e1', '1', '0.5')}\n${damaged}\n`);
    const warnings: string[] = [];
    const ids: string[] = [];
    for await (const b of readBatches(path, {
      columns: new Map(Object.entries({ id: 'string' })),
      maxBadRecords: 1,
      onWarning: (w) => warnings.push(w),
    }))
      ids.push(...(b.columns.get('id')!.values as string[]));
    expect(ids).toEqual(['e1']);
    expect(warnings[0]).toMatch(
      /line 2: malformed record \(captureData\.endpointInput\.data is not valid base64\)/,
    );
  });

  it('keeps a JSON input feature named constructor as a column', async () => {
    const path = join(dir, 'capture-proto.jsonl');
    writeFileSync(
      path,
      `${JSON.stringify({
        captureData: {
          endpointInput: { data: '{"__proto__": 4, "constructor": "x"}', encoding: 'JSON' },
          endpointOutput: { data: '0.5', encoding: 'CSV' },
        },
        eventMetadata: { eventId: 'e1' },
      })}\n`,
    );
    // A string-typed name: written literally, TypeScript would read `constructor` as Object's own member.
    const name: string = 'constructor';
    for await (const b of readBatches(path, {
      columns: new Map(Object.entries({ [name]: 'string' as const })),
    }))
      expect(b.columns.get(name)!.values[0]).toBe('x');
  });

  it('reads ground-truth records as id and label', async () => {
    const path = join(dir, 'truth.jsonl');
    const truth = (id: string, label: string) =>
      JSON.stringify({
        groundTruthData: { data: label, encoding: 'CSV' },
        eventMetadata: { eventId: id },
        eventVersion: '0',
      });
    writeFileSync(path, `${truth('e1', '1')}\n${truth('e2', '0')}\n`);
    const labels: number[] = [];
    for await (const b of readBatches(path, {
      columns: new Map(Object.entries({ id: 'string', label: 'number' })),
    }))
      labels.push(...(b.columns.get('label')!.values as Float64Array));
    expect(labels).toEqual([1, 0]);
  });

  it('splits CSV payloads as CSV (quoted commas and newlines stay in a field) and skips one whose quote never closes', async () => {
    const path = join(dir, 'quoted.jsonl');
    writeFileSync(
      path,
      `${capture('e1', '"1,5" ,"two\nlines",x\n9,9,9', '0.5')}\n${capture('e2', '1,"open', '0.6')}\n${capture('e3', '3', '"0.7')}\n`,
    );
    const warnings: string[] = [];
    const rows: Record<string, unknown>[] = [];
    for await (const b of readBatches(path, {
      columns: new Map(
        Object.entries({
          id: 'string',
          score: 'number',
          feature_1: 'string',
          feature_2: 'string',
          feature_3: 'string',
        }),
      ),
      maxBadRecords: 2,
      onWarning: (w) => warnings.push(w),
    }))
      for (let i = 0; i < b.length; i++)
        rows.push(Object.fromEntries([...b.columns].map(([k, c]) => [k, c.values[i]])));
    expect(rows).toEqual([
      {
        id: 'e1',
        score: 0.5,
        feature_1: '1,5',
        feature_2: 'two\nlines',
        feature_3: 'x',
      },
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /quoted\.jsonl, line 2: malformed record \(captureData\.endpointInput\.data has a quoted field that is never closed\)/,
      ),
      expect.stringMatching(
        /line 3: malformed record \(captureData\.endpointOutput\.data has a quoted field/,
      ),
    ]);
  });

  it('skips malformed capture records with a warning up to max-bad-records, then fails naming the line', async () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(
      path,
      `${capture('e1', '1', '0.5')}\n{"captureData": {}}\nnot json\n${capture('e2', '2', '0.6')}\n`,
    );
    const warnings: string[] = [];
    const ids: string[] = [];
    for await (const b of readBatches(path, {
      columns: new Map(Object.entries({ id: 'string' })),
      maxBadRecords: 2,
      onWarning: (w) => warnings.push(w),
    }))
      ids.push(...(b.columns.get('id')!.values as string[]));
    expect(ids).toEqual(['e1', 'e2']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/bad\.jsonl, line 2: malformed record \(eventMetadata\.eventId is missing\)/);
    await expect(async () => {
      for await (const _ of readBatches(path, {
        columns: new Map(Object.entries({ id: 'string' })),
        maxBadRecords: 1,
      }))
        void _;
    }).rejects.toThrow(
      /line 3: malformed record \(not valid JSON\)\. 2 malformed record\(s\) so far, more than max-bad-records \(1\)/,
    );
  });
});
