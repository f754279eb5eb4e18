import type { S3Client } from '@aws-sdk/client-s3';
import { type Baseline, baselineFromEvaluation } from '@mlops-actions/core';
import type { DriftInputs } from './inputs.js';
import { parseJson, readText } from './locations.js';

/** The `baseline-metric` input: a number as given, or the production model's score in an evaluation result file. */
export async function readBaseline(inputs: DriftInputs, s3: S3Client | undefined): Promise<Baseline | null> {
  if (!inputs.baseline) return null;
  if ('value' in inputs.baseline) return { value: inputs.baseline.value, source: 'baseline-metric' };
  const path = inputs.baseline.path;
  return baselineFromEvaluation(parseJson(await readText(path, s3), path), path, inputs.metric.name);
}
