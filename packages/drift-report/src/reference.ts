import { type FeatureSide, referenceSidesFromJson } from '@mlops-actions/core';
import type { LoadOptions } from './load.js';
import { parseJson, readText } from './locations.js';
import { loadReferenceSides } from './reference-accumulator.js';
import { reduceReferenceHere } from './reference-parallel.js';

/** The reference's sides by feature, what kind of reference it was, and the features reduced to sketches. */
export interface LoadedReference {
  sides: Map<string, FeatureSide>;
  kind: 'data' | 'summary' | 'model-monitor';
  sketched: string[];
}

/**
 * Read the reference at `options.source`: a `.json` file is a written summary or a Model Monitor statistics.json;
 * anything else is reference data, reduced within `exactBudget` exact values: in byte ranges on the machine's
 * threads when it is a large local CSV/TSV file (reference-parallel.ts), else in one streaming pass.
 */
export async function loadReference(
  options: LoadOptions,
  features: string[],
  categorical: Set<string>,
  exactBudget: number,
): Promise<LoadedReference> {
  const location = options.source;
  if (/\.json$/i.test(location)) {
    const doc = parseJson(await readText(location, options.s3), location);
    return { ...referenceSidesFromJson(doc, location), sketched: [] };
  }
  const ranged = reduceReferenceHere(options, features, categorical, exactBudget);
  if (ranged) {
    const { sides, sketched } = await ranged;
    return { sides, kind: 'data', sketched };
  }
  const columns = await loadReferenceSides(options, features, categorical, exactBudget);
  const sides = new Map<string, FeatureSide>();
  for (const c of columns) sides.set(c.name, c.side());
  return { sides, kind: 'data', sketched: columns.filter((c) => c.sketched).map((c) => c.name) };
}
