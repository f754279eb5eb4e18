import type { ListObjectsV2CommandInput, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { hourPartition } from './partitions.js';
import { listSources } from './sources.js';

/** ListObjectsV2 as S3 answers it (sorted keys, Prefix, Delimiter, StartAfter, 1,000 keys a page), counting calls. */
function bucketOf(keys: string[]) {
  const sorted = [...keys].sort();
  const calls: ListObjectsV2CommandInput[] = [];
  const client = {
    async send(command: { input: ListObjectsV2CommandInput }) {
      const input = command.input;
      calls.push(input);
      const prefix = input.Prefix ?? '';
      const after = input.ContinuationToken ?? input.StartAfter ?? '';
      const contents: { Key: string; Size: number }[] = [];
      const common = new Set<string>();
      let last = '';
      for (const key of sorted) {
        if (!key.startsWith(prefix) || key <= after) continue;
        if (contents.length + common.size === (input.MaxKeys ?? 1000)) {
          return {
            Contents: contents,
            CommonPrefixes: [...common].map((Prefix) => ({ Prefix })),
            IsTruncated: true,
            NextContinuationToken: last,
          };
        }
        const slash = input.Delimiter ? key.indexOf('/', prefix.length) : -1;
        if (slash >= 0) {
          const p = key.slice(0, slash + 1);
          if (!common.has(p)) common.add(p);
          last = `${p}\uffff`;
        } else {
          contents.push({ Key: key, Size: 10 });
          last = key;
        }
      }
      return {
        Contents: contents,
        CommonPrefixes: [...common].map((Prefix) => ({ Prefix })),
        IsTruncated: false,
      };
    },
  };
  return { client: client as unknown as S3Client, calls };
}

const HOUR = 3_600_000;
const start = Date.parse('2024-12-01T00:00:00Z');
const end = Date.parse('2026-11-30T23:00:00Z');
// Two years of hourly data capture files of one endpoint variant, as SageMaker writes them.
const capture: string[] = [];
for (let t = start; t <= end; t += HOUR)
  capture.push(`datacapture/purchases-prod/AllTraffic/${hourPartition(t)}capture-${t}.jsonl`);

describe('lookback: only the hourly partitions of the period are listed', () => {
  const asOf = Date.parse('2026-11-30T06:30:00Z');
  const period = { from: asOf - 12 * 7 * 24 * HOUR, to: asOf };

  it('lists 12 weeks of a two-year data capture prefix in 5 List calls instead of 18, every object of the period and no other', async () => {
    const whole = bucketOf(capture);
    const all = await listSources('s3://ml/datacapture/purchases-prod/', { s3: whole.client });
    expect(all).toHaveLength(capture.length);
    expect(whole.calls).toHaveLength(18);

    const narrow = bucketOf(capture);
    const objects = await listSources('s3://ml/datacapture/purchases-prod/', { s3: narrow.client, period });
    // 12 weeks of hours, the first and last partially covered hour included: 2016 + 1.
    expect(objects).toHaveLength(2017);
    expect(objects[0]!.name).toBe(
      `s3://ml/datacapture/purchases-prod/AllTraffic/2026/09/07/06/capture-${Date.parse('2026-09-07T06:00:00Z')}.jsonl`,
    );
    expect(objects.at(-1)!.name).toMatch(/AllTraffic\/2026\/11\/30\/06\/capture-/);
    // One key finds the variant's partitions, one more finds nothing after them; then 3 pages of the period.
    expect(narrow.calls).toHaveLength(5);
    expect(narrow.calls.slice(0, 2)).toEqual([
      {
        Bucket: 'ml',
        Prefix: 'datacapture/purchases-prod/',
        StartAfter: 'datacapture/purchases-prod/',
      },
      {
        Bucket: 'ml',
        Prefix: 'datacapture/purchases-prod/',
        StartAfter: 'datacapture/purchases-prod/AllTraffic0',
      },
    ]);
    expect(narrow.calls[2]).toMatchObject({
      Prefix: 'datacapture/purchases-prod/AllTraffic/',
      StartAfter: 'datacapture/purchases-prod/AllTraffic/2026/09/07/06',
    });
  });

  it('finds every variant of an endpoint', async () => {
    const two = bucketOf(capture.flatMap((k) => [k, k.replace('AllTraffic', 'Shadow')]));
    const objects = await listSources('s3://ml/datacapture/purchases-prod/', { s3: two.client, period });
    expect(objects).toHaveLength(2 * 2017);
    expect(objects.filter((o) => o.name.includes('/Shadow/'))).toHaveLength(2017);
  });

  it('reads ground truth (partitions right under the prefix) the same way', async () => {
    const truth = bucketOf(
      capture.map((k) => k.replace('datacapture/purchases-prod/AllTraffic/', 'ground-truth/')),
    );
    const objects = await listSources('s3://ml/ground-truth', { s3: truth.client, period });
    expect(objects).toHaveLength(2017);
    // One key shows the partitions start right under the prefix; then 3 pages of the period.
    expect(truth.calls).toHaveLength(4);
  });

  it('says which partitions were empty, and reads an unpartitioned prefix whole with a warning', async () => {
    const { client } = bucketOf(capture);
    await expect(
      listSources('s3://ml/datacapture/purchases-prod/', {
        s3: client,
        inputName: 'predictions',
        period: { from: Date.parse('2027-01-01T00:00:00Z'), to: Date.parse('2027-01-02T00:00:00Z') },
      }),
    ).rejects.toThrow(
      'Input "predictions": no object under "s3://ml/datacapture/purchases-prod/" in the partitions 2027/01/01/00/ to 2027/01/02/00/.',
    );
    const flat = bucketOf(['exports/a.csv', 'exports/b.csv']);
    const warnings: string[] = [];
    const objects = await listSources('s3://ml/exports/', {
      s3: flat.client,
      inputName: 'outcomes',
      period,
      onWarning: (m) => warnings.push(m),
    });
    expect(objects.map((o) => o.name)).toEqual(['s3://ml/exports/a.csv', 's3://ml/exports/b.csv']);
    expect(warnings).toEqual([
      'Input "outcomes": no yyyy/mm/dd/hh partitions under "s3://ml/exports/", so lookback does not narrow it: every object is read.',
    ]);
  });
});
