import { errorMessage, isUserError } from '@mlops-actions/core';
import { describe, expect, it } from 'vitest';
import { resolveFrameworkImage } from './framework-images.js';

const failure = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(isUserError(error)).toBe(true);
    return errorMessage(error);
  }
  throw new Error('expected a UserError');
};

describe('prebuilt framework images', () => {
  it('resolve to the registry account, repository and tag AWS publishes for the region', () => {
    expect(resolveFrameworkImage('sklearn:1.2-1', 'eu-west-1', 'ml.m5.xlarge')).toEqual({
      uri: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
      serves: true,
    });
    expect(resolveFrameworkImage('scikit-learn:1.2-1-cpu-py3', 'us-east-1', undefined).uri).toBe(
      '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
    );
    expect(resolveFrameworkImage('xgboost:1.7-1', 'us-west-2', 'ml.m5.large').uri).toBe(
      '246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1',
    );
    expect(resolveFrameworkImage('pytorch:2.3', 'eu-central-1', 'ml.m5.xlarge')).toEqual({
      uri: '763104351884.dkr.ecr.eu-central-1.amazonaws.com/pytorch-training:2.3.0-cpu-py311',
      serves: false,
    });
    expect(resolveFrameworkImage('tensorflow:2.16', 'eu-south-1', 'ml.c5.xlarge').uri).toBe(
      '692866216735.dkr.ecr.eu-south-1.amazonaws.com/tensorflow-training:2.16.2-cpu-py310',
    );
    expect(resolveFrameworkImage('sklearn:1.0-1', 'cn-north-1', undefined).uri).toBe(
      '450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-scikit-learn:1.0-1-cpu-py3',
    );
  });

  it('pick the GPU image for ml.p*/ml.g* instances unless the tag names the processor', () => {
    expect(resolveFrameworkImage('pytorch:2.3', 'us-east-1', 'ml.g5.2xlarge').uri).toBe(
      '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311',
    );
    expect(resolveFrameworkImage('pytorch:2.3.0', 'us-east-1', 'ml.p3.2xlarge').uri).toMatch(
      /2\.3\.0-gpu-py311$/,
    );
    expect(resolveFrameworkImage('pytorch:2.3.0-cpu-py311', 'us-east-1', 'ml.g5.xlarge').uri).toMatch(
      /2\.3\.0-cpu-py311$/,
    );
    // scikit-learn has no GPU image: the CPU one runs on any instance.
    expect(resolveFrameworkImage('sklearn:1.2-1', 'us-east-1', 'ml.g5.xlarge').uri).toMatch(
      /1\.2-1-cpu-py3$/,
    );
  });

  it('say what the table knows when the framework, version or region is not in it', () => {
    expect(failure(() => resolveFrameworkImage('lightgbm:4', 'us-east-1', undefined))).toMatch(
      /"lightgbm:4" is not a known framework:version.*Known: sklearn:1\.0-1\|1\.2-1, xgboost:1\.5-1\|1\.7-1, pytorch:2\.1\|2\.2\|2\.3, tensorflow:2\.14\|2\.16/,
    );
    expect(failure(() => resolveFrameworkImage('sklearn', 'us-east-1', undefined))).toMatch(/not a known/);
    expect(failure(() => resolveFrameworkImage('xgboost:latest', 'us-east-1', undefined))).toMatch(
      /xgboost has no version "latest".*1\.5-1, 1\.7-1/,
    );
    expect(failure(() => resolveFrameworkImage('sklearn:1.2-1-gpu-py3', 'us-east-1', undefined))).toMatch(
      /no version "1\.2-1-gpu-py3"/,
    );
    expect(failure(() => resolveFrameworkImage('pytorch:2.3', 'mars-north-1', undefined))).toMatch(
      /no pytorch image is listed for region mars-north-1.*us-east-1/,
    );
  });
});
