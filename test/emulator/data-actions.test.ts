import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, runStep } from '../harness/runner.js';
import { createBucket, emulatorEnv, emulatorS3, emulatorUrl, resetEmulator } from './emulator.js';

async function upload(key: string, file: string): Promise<void> {
  await emulatorS3().send(new PutObjectCommand({ Bucket: 'ml-data', Key: key, Body: readFileSync(file) }));
}

describe.skipIf(!emulatorUrl)(
  'evaluate-challenger and drift-report (bundled) on s3:// inputs from the emulator',
  () => {
    beforeEach(async () => {
      await resetEmulator();
      await createBucket(emulatorS3(), 'ml-data');
    });

    it('evaluate-challenger reads champion and challenger prefixes and appends its ledger record once', async () => {
      const local = join(repoRoot, 'examples/data/evaluate');
      await upload('predictions/champion/part-0.csv', join(local, 'champion.csv'));
      await upload('predictions/challenger/part-0.csv', join(local, 'challenger.csv'));
      const inputs = {
        champion: 's3://ml-data/predictions/champion/',
        challenger: 's3://ml-data/predictions/challenger/',
        bootstrap: '0',
        ledger: 's3://ml-data/ledger/evaluations/',
      };
      const fromS3 = await runStep('evaluate-challenger', { env: emulatorEnv(), runId: '9200', inputs });
      expect(fromS3.errors).toEqual([]);
      const fromFiles = await runStep('evaluate-challenger', {
        inputs: {
          champion: join(local, 'champion.csv'),
          challenger: join(local, 'challenger.csv'),
          bootstrap: '0',
        },
      });
      expect(fromFiles.outputs['challenger-score']).toMatch(/^0\.\d+/);
      expect(fromS3.outputs.decision).toBe(fromFiles.outputs.decision);
      expect(fromS3.outputs['challenger-score']).toBe(fromFiles.outputs['challenger-score']);
      expect(fromS3.outputs['champion-score']).toBe(fromFiles.outputs['champion-score']);

      await runStep('evaluate-challenger', { env: emulatorEnv(), runId: '9200', inputs });
      const records = await emulatorS3().send(
        new ListObjectsV2Command({ Bucket: 'ml-data', Prefix: 'ledger/' }),
      );
      expect(records.Contents).toHaveLength(1);
    });

    it('drift-report reads predictions, outcomes and reference from S3, writes the reference summary once and uploads the report', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'emulator-drift-'));
      execFileSync(process.execPath, [join(repoRoot, 'examples/data/drift/generate.mjs'), dir, '--drift']);
      for (const name of ['predictions.csv', 'outcomes.csv', 'reference.csv'])
        await upload(`capture/${name}`, join(dir, name));
      const inputs = {
        predictions: 's3://ml-data/capture/predictions.csv',
        outcomes: 's3://ml-data/capture/outcomes.csv',
        reference: 's3://ml-data/capture/reference.csv',
        'min-metric': '0.5',
        'write-reference': 's3://ml-data/reference/summary.json',
        'report-uri': 's3://ml-data/reports/',
      };
      const fromS3 = await runStep('drift-report', { env: emulatorEnv(), inputs });
      expect(fromS3.errors).toEqual([]);
      const fromFiles = await runStep('drift-report', {
        inputs: {
          predictions: join(dir, 'predictions.csv'),
          outcomes: join(dir, 'outcomes.csv'),
          reference: join(dir, 'reference.csv'),
          'min-metric': '0.5',
        },
      });
      expect(fromFiles.outputs['drifted-features']).not.toBe('');
      expect(fromS3.outputs['drifted-features']).toBe(fromFiles.outputs['drifted-features']);
      expect(fromS3.outputs.retrain).toBe(fromFiles.outputs.retrain);
      expect(fromS3.outputs['report-uri']).toMatch(/^s3:\/\/ml-data\/reports\//);
      const summary = await emulatorS3().send(
        new GetObjectCommand({ Bucket: 'ml-data', Key: 'reference/summary.json' }),
      );
      const text = await summary.Body!.transformToString();
      expect(JSON.parse(text)).toHaveProperty('schema_version');

      // From the summary instead of the raw reference: the same features drift.
      const fromSummary = await runStep('drift-report', {
        env: emulatorEnv(),
        inputs: { ...inputs, reference: 's3://ml-data/reference/summary.json', 'write-reference': '' },
      });
      expect(fromSummary.errors).toEqual([]);
      expect(fromSummary.outputs['drifted-features']).toBe(fromFiles.outputs['drifted-features']);
    });
  },
);
