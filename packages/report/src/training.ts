import { escapeMarkdown, inlineCode } from './escape.js';

/** What the summary of a training run shows. */
export interface TrainingSummary {
  name: string;
  status: string;
  backend: string;
  artifact: string;
  metrics: { MetricName?: string; Value?: number }[];
  seconds: number | undefined;
  billable: number | undefined;
  packageArn: string;
  predictions: string;
}

/** The job summary of run-training: status, artifact, times, predictions, registration and final metrics. */
export function renderTrainingSummary(o: TrainingSummary): string {
  // Paths and ARNs are shown as code (inlineCode keeps them literal); every other value is escaped text.
  const code = (v: string) => ({ md: inlineCode(v) });
  const rows: [string, string | { md: string }][] = [
    ['Backend', o.backend],
    ['Status', o.status],
    ['Model artifact', o.artifact ? code(o.artifact) : '–'],
    ['Training time', o.seconds !== undefined ? `${o.seconds} s` : '–'],
    ['Billable time', o.billable !== undefined ? `${o.billable} s` : '–'],
    ...(o.predictions ? [['Predictions', code(o.predictions)] as [string, { md: string }]] : []),
    ...(o.packageArn
      ? [
          ['Model package', { md: `${inlineCode(o.packageArn)} (PendingManualApproval)` }] as [
            string,
            { md: string },
          ],
        ]
      : []),
  ];
  const out = [
    `### Training job ${inlineCode(o.name)}: ${escapeMarkdown(o.status)}`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${typeof v === 'string' ? escapeMarkdown(v) : v.md} |`),
  ];
  if (o.metrics.length) {
    out.push('', '| Metric | Value |', '| --- | ---: |');
    for (const m of o.metrics) out.push(`| ${escapeMarkdown(m.MetricName ?? '')} | ${m.Value} |`);
  }
  return `${out.join('\n')}\n`;
}

/** The summary of a job started with `wait: false`. */
export function renderTrainingNotWaited(name: string, status: string): string {
  return `### Training job ${inlineCode(name)}: ${escapeMarkdown(status)}\n\nNot waited for (\`wait: false\`).\n`;
}
