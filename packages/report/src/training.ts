import { escapeMarkdown } from './escape.js';

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
  const rows = [
    ['Backend', o.backend],
    ['Status', o.status],
    ['Model artifact', o.artifact ? `\`${o.artifact}\`` : '–'],
    ['Training time', o.seconds !== undefined ? `${o.seconds} s` : '–'],
    ['Billable time', o.billable !== undefined ? `${o.billable} s` : '–'],
    ...(o.predictions ? [['Predictions', `\`${o.predictions}\``]] : []),
    ...(o.packageArn ? [['Model package', `\`${o.packageArn}\` (PendingManualApproval)`]] : []),
  ];
  const out = [
    `### Training job \`${o.name}\`: ${o.status}`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${escapeMarkdown(v!).replace(/\\`/g, '`')} |`),
  ];
  if (o.metrics.length) {
    out.push('', '| Metric | Value |', '| --- | ---: |');
    for (const m of o.metrics) out.push(`| ${escapeMarkdown(m.MetricName ?? '')} | ${m.Value} |`);
  }
  return `${out.join('\n')}\n`;
}

/** The summary of a job started with `wait: false`. */
export function renderTrainingNotWaited(name: string, status: string): string {
  return `### Training job \`${name}\`: ${status}\n\nNot waited for (\`wait: false\`).\n`;
}
