import { PutObjectCommand } from '@aws-sdk/client-s3';
import { awsClients, lazyAwsClients } from '@mlops-actions/aws';
import { longestSilence, recordLineTimes, testDeps, testInputs } from '@mlops-actions/github/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { useLocalS3 } from '../../../test/harness/s3.js';
import { definition } from './definition.js';
import { parseInputs } from './inputs.js';
import { runTraining } from './run.js';

const s3Server = useLocalS3(['ml-data']);

describe('local backend: progress', () => {
  beforeAll(async () => {
    const s3 = awsClients.s3(process.env);
    for (let i = 0; i < 40; i++)
      await s3.send(
        new PutObjectCommand({ Bucket: 'ml-data', Key: `train/part-${i}.csv`, Body: `id,x\n${i},1\n` }),
      );
  });

  it('says at least every 10 s how many objects of the listing are downloaded, with the time left', async () => {
    const env = { ...process.env, ...s3Server.env() };
    let t = Date.parse('2026-11-24T12:00:00Z');
    const start = t;
    // Every reading of the clock is a second later: each object "takes" about a second.
    const deps = testDeps({
      env,
      aws: lazyAwsClients(env),
      now: () => {
        t += 1000;
        return new Date(t);
      },
    });
    const stamps = recordLineTimes(deps);
    const res = await runTraining(
      testInputs(
        { definition, parseInputs },
        { backend: 'local', command: 'true', channels: 'train: s3://ml-data/train/', 'job-name': 'download' },
      ),
      deps,
    );
    expect(res.failure).toBeUndefined();
    const lines = stamps.filter((s) =>
      s.line.startsWith('Downloading channel train from s3://ml-data/train/: '),
    );
    expect(lines.length).toBeGreaterThan(3);
    expect(lines[0]!.line).toMatch(/: \d+\/40 objects \(\d+%\), \d+ s elapsed, about \d+ s left$/);
    expect(lines.at(-1)!.line).toMatch(/: 40\/40 objects \(100%\), /);
    expect(
      stamps.some((s) => s.line === 'Channel train: downloaded 40 object(s) from s3://ml-data/train/'),
    ).toBe(true);
    const download = stamps.slice(0, stamps.indexOf(lines.at(-1)!) + 1);
    expect(longestSilence(start, download).ms).toBeLessThanOrEqual(10_000);
  });

  it('says at least every 10 s that a silent training program still runs', async () => {
    // The program is a real process (4 s of real time); every reading of the clock is 5 s later, so the
    // once-a-second check finds 10 s of silence within the run.
    let t = Date.parse('2026-11-24T12:00:00Z');
    const deps = testDeps({
      now: () => {
        t += 5000;
        return new Date(t);
      },
    });
    const res = await runTraining(
      testInputs({ definition, parseInputs }, { backend: 'local', command: 'sleep 4', 'job-name': 'silent' }),
      deps,
    );
    expect(res.failure).toBeUndefined();
    const beats = deps.logger.of('info').filter((l) => l.startsWith('Training program running, '));
    expect(beats.length).toBeGreaterThan(0);
    expect(beats[0]).toMatch(/^Training program running, \d+ s elapsed$/);
  }, 30_000);
});
