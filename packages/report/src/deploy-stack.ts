import { escapeMarkdown } from './escape.js';

/** One resource change of a CloudFormation change set, as deploy-stack reports and outputs it. */
export interface StackChange {
  action: string;
  logical_id: string;
  physical_id: string | null;
  type: string;
  replacement: 'True' | 'False' | 'Conditional' | null;
  properties: string[];
}

/** A code span safe inside a table cell (GFM splits cells on `|` even in code). */
const code = (s: string) =>
  `\`${s
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')}\``;

const REPLACEMENT: Record<string, string> = {
  True: '⚠️ **Replace**',
  Conditional: 'Maybe (conditional)',
  False: 'No',
};

/** The change set of a deploy-stack run as Markdown: counts, a caution for replacements, and one row per change. */
export function renderStackPlan(o: {
  stack: string;
  type: string;
  rows: StackChange[];
  changeSetName: string;
  mode: string;
  status: string;
}): string {
  const replacements = o.rows.filter((r) => r.replacement === 'True');
  const out = [
    `### CloudFormation ${o.mode === 'plan' ? 'plan' : o.mode}: ${escapeMarkdown(o.stack)} (${o.type === 'CREATE' ? 'new stack' : 'update'})`,
    '',
  ];
  if (!o.rows.length) out.push('No changes: the stack already matches the template and parameters.');
  else {
    const counts = ['Add', 'Modify', 'Remove', 'Import', 'Dynamic']
      .map((a) => [a, o.rows.filter((r) => r.action === a).length] as const)
      .filter(([, n]) => n);
    out.push(
      counts.map(([a, n]) => `**${n}** to ${a.toLowerCase()}`).join(', ') +
        (replacements.length ? `, **${replacements.length} replaced**` : ''),
      '',
    );
    if (replacements.length)
      out.push(
        `> [!CAUTION]`,
        `> ${replacements.length === 1 ? 'This resource is' : 'These resources are'} **replaced** (deleted and created anew, with a new physical id and data): ${replacements.map((r) => `${code(r.logical_id)} (${code(r.type)})`).join(', ')}`,
        '',
      );
    out.push('| Action | Logical id | Type | Replacement | Changed |', '| --- | --- | --- | --- | --- |');
    const order = { Remove: 0, Modify: 1, Add: 2 } as Record<string, number>;
    for (const r of [...o.rows].sort(
      (a, b) => (order[a.action] ?? 3) - (order[b.action] ?? 3) || a.logical_id.localeCompare(b.logical_id),
    )) {
      const replacement = r.replacement ? (REPLACEMENT[r.replacement] ?? '') : '';
      out.push(
        `| ${escapeMarkdown(r.action)} | ${code(r.logical_id)} | ${code(r.type)} | ${replacement} | ${r.properties.map(code).join(', ')} |`,
      );
    }
  }
  out.push('', `<sub>Change set ${code(o.changeSetName)} · ${escapeMarkdown(o.status)}</sub>`);
  return `${out.join('\n')}\n`;
}

/** The plan followed by why the stack operation failed and its failed events (each a log line). */
export function renderStackFailure(plan: string, message: string, failedEvents: string[]): string {
  const detail = failedEvents.map((e) => `- ${e}`).join('\n');
  return `${plan}\n**Failed:** ${escapeMarkdown(message)}\n\n<details><summary>Failed events</summary>\n\n${escapeMarkdown(detail)}\n\n</details>\n`;
}
