import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ml = join(import.meta.dirname, 'ml');

// The example's train.py is also the inference script of the model it registers (SAGEMAKER_PROGRAM): the SageMaker
// scikit-learn container calls its model_fn/input_fn/predict_fn/output_fn for the champion's Batch Transform.
describe('examples/ml/train.py serving handlers', () => {
  it('score Batch Transform rows (features only, no header) exactly as training scored the eval rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-serve-'));
    for (const d of ['train', 'eval', 'model', 'output/data']) mkdirSync(join(dir, d), { recursive: true });
    const rows = Array.from({ length: 200 }, (_, i) => {
      const age = 18 + ((i * 37) % 60);
      const device = ['web', 'app', 'tablet'][i % 3]!;
      const label = (age > 45 ? 1 : 0) ^ (i % 7 === 0 ? 1 : 0);
      return `e${i},2026-11-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z,${age},${device},${label}`;
    });
    const header = 'id,timestamp,age,device,label';
    writeFileSync(join(dir, 'train/part.csv'), `${header}\n${rows.slice(0, 150).join('\n')}\n`);
    writeFileSync(join(dir, 'eval/part.csv'), `${header}\n${rows.slice(150).join('\n')}\n`);
    execFileSync('python3', [join(ml, 'train.py')], {
      env: {
        ...process.env,
        SM_HPS: '{"epochs": 3}',
        SM_CHANNEL_TRAIN: join(dir, 'train'),
        SM_CHANNEL_EVAL: join(dir, 'eval'),
        SM_MODEL_DIR: join(dir, 'model'),
        SM_OUTPUT_DATA_DIR: join(dir, 'output/data'),
        SM_OUTPUT_DIR: join(dir, 'output'),
      },
    });
    const trained = readFileSync(join(dir, 'output/data/predictions.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    const expected = trained.map((line) => line.split(',').at(-1));
    // What Batch Transform sends with input-filter $[3:] on id,timestamp,label,features: the features only.
    const body = rows
      .slice(150)
      .map((r) => r.split(',').slice(2, 4).join(','))
      .join('\n');
    const serve = [
      'import sys, train',
      'model = train.model_fn(sys.argv[1])',
      'sys.stdout.write(train.output_fn(train.predict_fn(train.input_fn(sys.stdin.buffer.read(), "text/csv"), model), "text/csv"))',
    ].join('\n');
    const out = execFileSync('python3', ['-c', serve, join(dir, 'model')], {
      cwd: ml,
      input: body,
      encoding: 'utf8',
    });
    expect(out.trim().split('\n')).toEqual(expected);
    expect(() =>
      execFileSync('python3', ['-c', serve, join(dir, 'model')], {
        cwd: ml,
        input: 'e1,30,web\n',
        stdio: 'pipe',
      }),
    ).toThrow(/expected 2 feature columns \(age,device\), got 3/);
  });
});
