import { escapeMarkdown, inlineCode } from './escape.js';
import { markdownTable } from './markdown.js';

/** What the job summary of batch-transform shows about one transform job. */
export interface TransformSummary {
  jobName: string;
  status: string;
  modelName: string;
  modelPackageArn: string | undefined;
  input: string;
  predictions: string;
  instances: string;
  /** Seconds from TransformStartTime to TransformEndTime, when both are known. */
  seconds: number | undefined;
  failureReason: string | undefined;
  /** A sentence in place of the table's job rows (not waited for, skipped). */
  note?: string;
}

const duration = (seconds: number) =>
  seconds >= 60
    ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
    : `${Math.round(seconds)} s`;

/** Markdown for the job summary of a batch transform: job, model, input, output, duration, failure reason. */
export function renderTransformSummary(s: TransformSummary): string {
  const code = (text: string | undefined) => (text ? { md: inlineCode(text) } : '–');
  const rows = [
    ['Status', s.status],
    ['Model', code(s.modelName)],
    ...(s.modelPackageArn ? [['Model package', code(s.modelPackageArn)]] : []),
    ['Input', code(s.input)],
    ['Predictions', code(s.predictions)],
    ['Instances', code(s.instances)],
    ['Duration', s.seconds !== undefined ? duration(s.seconds) : '–'],
    ...(s.failureReason ? [['Failure reason', s.failureReason]] : []),
  ];
  const out = [
    `### Batch transform ${inlineCode(s.jobName || 'not started')}: ${escapeMarkdown(s.status)}`,
    '',
  ];
  if (s.note) out.push(escapeMarkdown(s.note), '');
  out.push(markdownTable(['', ''], rows));
  return `${out.join('\n')}\n`;
}
