import type { Change } from '@aws-sdk/client-cloudformation';
import type { StackChange } from '@mlops-actions/report';

/** The resource changes of a change set, one row each, with the properties each changes. */
export function changeRows(changes: Change[]): StackChange[] {
  return changes
    .filter((c) => c.ResourceChange)
    .map((c) => {
      const r = c.ResourceChange!;
      const properties = new Set<string>();
      for (const d of r.Details ?? []) {
        const t = d.Target;
        if (!t) continue;
        properties.add(t.Attribute === 'Properties' && t.Name ? t.Name : (t.Attribute ?? ''));
      }
      return {
        action: r.Action ?? '',
        logical_id: r.LogicalResourceId ?? '',
        physical_id: r.PhysicalResourceId ?? null,
        type: r.ResourceType ?? '',
        replacement: r.Action === 'Modify' ? ((r.Replacement as StackChange['replacement']) ?? null) : null,
        properties: [...properties].filter(Boolean).sort(),
      };
    });
}

/** One change as a log line. */
export function changeLine(r: StackChange): string {
  return `${r.action.padEnd(7)} ${r.logical_id} (${r.type})${r.replacement === 'True' ? ' REPLACEMENT' : ''}${r.properties.length ? ` [${r.properties.join(', ')}]` : ''}`;
}
