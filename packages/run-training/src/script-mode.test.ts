import { describe, expect, it } from 'vitest';
import {
  commandLineArguments,
  decodeHyperparameters,
  entryPointCommand,
  scriptModeHyperparameters,
  userHyperparameters,
} from './script-mode.js';

const settings = {
  program: 'train.py',
  submitDirectory: 's3://ml-bucket/models/source/abc/sourcedir.tar.gz',
  region: 'eu-west-1',
  jobName: 'purchases-1-1-abcdef',
};

describe('script-mode hyperparameters', () => {
  it('JSON-encode every value and add SageMaker’s own, as the SageMaker Python SDK does', () => {
    const hps = scriptModeHyperparameters(
      new Map<string, unknown>([
        ['epochs', 8],
        ['learning_rate', 0.1],
        ['label', 'purchased'],
        ['seed', '7'],
        ['early_stop', true],
        ['layers', [64, 32]],
      ]),
      settings,
    );
    expect(hps).toEqual({
      epochs: '8',
      learning_rate: '0.1',
      label: '"purchased"',
      seed: '"7"',
      early_stop: 'true',
      layers: '[64,32]',
      sagemaker_program: '"train.py"',
      sagemaker_submit_directory: '"s3://ml-bucket/models/source/abc/sourcedir.tar.gz"',
      sagemaker_container_log_level: '20',
      sagemaker_region: '"eu-west-1"',
      sagemaker_job_name: '"purchases-1-1-abcdef"',
    });
  });

  it('refuse a user value for the program or the submit directory', () => {
    expect(() => scriptModeHyperparameters(new Map([['sagemaker_program', 'x.py']]), settings)).toThrow(
      /"sagemaker_program" is set by run-training/,
    );
    const log = scriptModeHyperparameters(new Map([['sagemaker_container_log_level', 10]]), settings);
    expect(log.sagemaker_container_log_level).toBe('10');
  });

  it('decode as the training toolkit does: JSON when it parses, the string otherwise; the script sees only its own', () => {
    const decoded = decodeHyperparameters({
      ...scriptModeHyperparameters(
        new Map<string, unknown>([
          ['epochs', 8],
          ['label', 'purchased'],
        ]),
        settings,
      ),
      raw: 'not-json',
    });
    expect(decoded.get('epochs')).toBe(8);
    expect(decoded.get('label')).toBe('purchased');
    expect(decoded.get('raw')).toBe('not-json');
    expect(decoded.get('sagemaker_program')).toBe('train.py');
    expect([...userHyperparameters(decoded).keys()]).toEqual(['epochs', 'label', 'raw']);
  });

  it('reach the script as sorted --name value arguments; .py runs with Python, .sh with sh', () => {
    expect(
      commandLineArguments(
        new Map<string, unknown>([
          ['seed', 7],
          ['label', 'purchased'],
          ['b', true],
        ]),
      ),
    ).toEqual(['-b', 'True', '--label', 'purchased', '--seed', '7']);
    expect(entryPointCommand('train.py', 'python3')).toEqual({ file: 'python3', args: ['train.py'] });
    expect(entryPointCommand('run.sh', 'python3')).toEqual({ file: '/bin/sh', args: ['run.sh'] });
    expect(entryPointCommand('train', 'python3')).toEqual({ file: './train', args: [] });
  });
});
