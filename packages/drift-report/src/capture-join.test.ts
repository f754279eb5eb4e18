// SageMaker's merge rule for data capture and ground truth: a captured record is joined on its inferenceId when it
// has one (the ID the caller passed to InvokeEndpoint), else on its eventId. Ground-truth records carry that same ID
// in eventMetadata.eventId.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '@mlops-actions/core';
import { testDeps, testInputs } from '@mlops-actions/github/testing';
import { describe, expect, it } from 'vitest';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { driftReport } from './run.js';

function captureFiles(dir: string) {
  const random = seededRandom(7);
  const captured: string[] = [];
  const truth: string[] = [];
  const start = Date.parse('2026-10-05T00:00:00Z');
  for (let i = 0; i < 800; i++) {
    const time = new Date(start + i * 3 * 3_600_000).toISOString();
    const x = random() * 10;
    const score = Math.min(0.99, Math.max(0.01, x / 10 + (random() - 0.5) * 0.3));
    const label = random() < score ? 1 : 0;
    const eventId = `7f3c${i.toString(16).padStart(4, '0')}-ev`;
    const inferenceId = i % 4 === 3 ? undefined : `order-${1000 + i}`; // three quarters pass an InferenceId
    const features = `${x.toFixed(3)},${i % 3 === 0 ? 'web' : 'app'}`;
    const base64 = i % 2 === 1;
    captured.push(
      JSON.stringify({
        captureData: {
          endpointInput: base64
            ? {
                observedContentType: 'text/csv',
                data: Buffer.from(features).toString('base64'),
                encoding: 'BASE64',
              }
            : { observedContentType: 'text/csv', data: features, encoding: 'CSV' },
          endpointOutput: { observedContentType: 'text/csv', data: score.toFixed(4), encoding: 'CSV' },
        },
        eventMetadata: { eventId, ...(inferenceId ? { inferenceId } : {}), inferenceTime: time },
        eventVersion: '0',
      }),
    );
    truth.push(
      JSON.stringify({
        groundTruthData: { data: String(label), encoding: 'CSV' },
        eventMetadata: { eventId: inferenceId ?? eventId },
        eventVersion: '0',
      }),
    );
  }
  writeFileSync(join(dir, 'capture.jsonl'), `${captured.join('\n')}\n`);
  writeFileSync(join(dir, 'ground-truth.jsonl'), `${truth.join('\n')}\n`);
}

describe('drift-report on SageMaker data capture and ground truth', () => {
  it('joins on inferenceId when a record has one, else on eventId: every window fully labelled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capture-join-'));
    captureFiles(dir);
    const values: Record<string, string> = {
      predictions: join(dir, 'capture.jsonl'),
      outcomes: join(dir, 'ground-truth.jsonl'),
      'min-metric': '0.5',
      window: '7d',
      'max-windows': '4',
      'min-window-rows': '20', // 56 predictions a window
      'result-path': join(dir, 'result.json'),
      'report-dir': join(dir, 'report'),
    };
    const result = (await driftReport(testInputs({ definition, parseInputs }, values), testDeps()))
      .result as any;
    const windows = result.performance.windows as { coverage: number; value?: number }[];
    expect(windows).toHaveLength(4);
    for (const w of windows) {
      expect(w.coverage).toBe(1);
      expect(w.value).toBeGreaterThan(0.5);
    }
    // The tracing columns are ids, never drift features.
    const features = Object.keys(result.features);
    expect(features).not.toContain('event_id');
    expect(features).not.toContain('inference_id');
    expect(features).toEqual(expect.arrayContaining(['feature_1', 'feature_2']));
  });
});
