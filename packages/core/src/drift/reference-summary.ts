import type { FeatureSide } from './features.js';
import { fromModelMonitorStatistics } from './model-monitor.js';
import { summarizeNumeric } from './numeric-summary.js';

/** A written reference summary (`write-reference`), read back as `reference` by later runs. */
export interface ReferenceSummary {
  schema_version: 1;
  kind: 'drift-reference';
  created_at: string;
  source: string;
  features: Record<
    string,
    | { type: 'numeric'; count: number; missing: number; mean: number; std: number; quantiles: number[] }
    | { type: 'categorical'; count: number; missing: number; counts: Record<string, number> }
  >;
}

/** Reduce reference sides to the summary `write-reference` stores. */
export function toReferenceSummary(
  sides: Map<string, FeatureSide>,
  source: string,
  now: Date,
): ReferenceSummary {
  // Entries first, then fromEntries: it defines keys as data, so a feature named `__proto__` is kept.
  const features: [string, ReferenceSummary['features'][string]][] = [];
  for (const [name, side] of sides) {
    if (side.kind === 'categorical')
      features.push([
        name,
        {
          type: 'categorical',
          count: [...side.counts.values()].reduce((a, b) => a + b, 0),
          missing: side.missing,
          counts: Object.fromEntries(side.counts),
        },
      ]);
    else {
      const s = side.kind === 'numeric' ? summarizeNumeric(side) : side;
      features.push([
        name,
        {
          type: 'numeric',
          count: s.count,
          missing: s.missing,
          mean: s.mean,
          std: s.std,
          quantiles: s.quantiles,
        },
      ]);
    }
  }
  return {
    schema_version: 1,
    kind: 'drift-reference',
    created_at: now.toISOString(),
    source,
    features: Object.fromEntries(features),
  };
}

/** Reference sides from a written summary. */
export function fromReferenceSummary(summary: ReferenceSummary): Map<string, FeatureSide> {
  const sides = new Map<string, FeatureSide>();
  for (const [name, f] of Object.entries(summary.features)) {
    if (f.type === 'categorical')
      sides.set(name, { kind: 'categorical', counts: new Map(Object.entries(f.counts)), missing: f.missing });
    else
      sides.set(name, {
        kind: 'numeric-summary',
        count: f.count,
        missing: f.missing,
        mean: f.mean,
        std: f.std,
        quantiles: f.quantiles,
      });
  }
  return sides;
}

/**
 * Reference sides from a reference JSON document: a summary written by `write-reference` (kind: drift-reference), else
 * a SageMaker Model Monitor baseline `statistics.json`. `location` names the file in errors.
 */
export function referenceSidesFromJson(
  doc: unknown,
  location: string,
): { sides: Map<string, FeatureSide>; kind: 'summary' | 'model-monitor' } {
  if ((doc as { kind?: unknown } | null)?.kind === 'drift-reference')
    return { sides: fromReferenceSummary(doc as ReferenceSummary), kind: 'summary' };
  return { sides: fromModelMonitorStatistics(doc, location), kind: 'model-monitor' };
}
