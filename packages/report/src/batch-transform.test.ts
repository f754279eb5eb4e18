import { describe, expect, it } from 'vitest';
import { renderTransformSummary } from './batch-transform.js';

const summary = {
  jobName: 'purchases-4242-1-abc123',
  status: 'Completed',
  modelName: 'purchases-v3',
  modelPackageArn: 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/3',
  input: 's3://ml-bucket/data/eval/',
  predictions: 's3://ml-bucket/predictions/champion/',
  instances: '2 × ml.m5.large',
  seconds: 754,
  failureReason: undefined,
};

describe('batch transform summary', () => {
  it('shows job, model, package, input, predictions, instances and duration', () => {
    expect(renderTransformSummary(summary)).toBe(
      [
        '### Batch transform `purchases-4242-1-abc123`: Completed',
        '',
        '|  |  |',
        '| --- | --- |',
        '| Status | Completed |',
        '| Model | `purchases-v3` |',
        '| Model package | `arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/3` |',
        '| Input | `s3://ml-bucket/data/eval/` |',
        '| Predictions | `s3://ml-bucket/predictions/champion/` |',
        '| Instances | `2 × ml.m5.large` |',
        '| Duration | 12 min 34 s |',
        '',
      ].join('\n'),
    );
  });

  it('neutralises text from AWS and inputs: a failure reason cannot add rows, links, HTML or mentions', () => {
    const md = renderTransformSummary({
      ...summary,
      status: 'Failed',
      input: 's3://b/x`|y/',
      failureReason: 'bad row\n| injected | row |\n<img src=x> [link](http://e) @team',
    });
    const reason = md.split('\n').find((l) => l.startsWith('| Failure reason'))!;
    // One row, two cells; no HTML, link or mention syntax left as such.
    expect(reason.split('|')).toHaveLength(4);
    expect(reason).not.toMatch(/<img|\[link\]\(|@team|http:\/\//);
    expect(reason).toContain('&#60;img src=x&#62;');
    expect(reason).toContain('&#64;');
    expect(md).toContain('| Input | ``s3://b/x`\\|y/`` |');
    expect(md.split('\n').filter((l) => l.startsWith('|'))).toHaveLength(10);
  });

  it('a skipped run has a note and no job', () => {
    const md = renderTransformSummary({
      ...summary,
      jobName: '',
      status: 'skipped',
      modelName: '',
      modelPackageArn: undefined,
      predictions: '',
      seconds: undefined,
      note: 'Model package group purchases has no Approved model package yet.',
    });
    expect(md).toContain(
      '### Batch transform `not started`: skipped\n\nModel package group purchases has no Approved',
    );
    expect(md).toContain('| Model | – |');
    expect(md).toContain('| Duration | – |');
  });
});
