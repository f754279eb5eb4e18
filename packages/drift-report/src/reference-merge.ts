// The byte ranges of a reference file, read in parallel, folded back into one reduction in file order: the same
// result as reading the file in one stream, exactly for counts and held values, within the sketch's bound otherwise.
import {
  type CategoryCounts,
  FloatBuffer,
  type NumericSummary,
  type NumericValues,
  QuantileSketch,
  sortFloat64,
} from '@mlops-actions/core';
import { BATCH_NUMBERS, BATCH_TEXT, type FeaturePart } from './reference-accumulator.js';

/** One feature's parts, merged in file order. */
class FeatureMerge {
  kind: 'numeric' | 'categorical' | undefined;
  batchKinds = 0;
  missing = 0;
  counts = new Map<string, number>();
  /** Every value while their total fits the limit (as one stream holds them), null past it. */
  exact: FloatBuffer | null;
  sketch: QuantileSketch | null = null;
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
    this.exact = new FloatBuffer({ max: limit });
  }

  add(part: FeaturePart): void {
    this.batchKinds |= part.batchKinds;
    // Categorical once any part is (a listed feature always is; an `auto` one that changed shows in batchKinds).
    if (part.kind === 'categorical' || !this.kind) this.kind = part.kind;
    if (part.batchKinds === 0) return;
    this.missing += part.missing;
    if (part.kind === 'categorical') {
      // Map order is first appearance: ranges in file order keep the one stream's order.
      for (const [value, n] of part.counts) this.counts.set(value, (this.counts.get(value) ?? 0) + n);
      return;
    }
    if (this.exact && part.exact && this.exact.length + part.exact.length <= this.limit)
      this.exact.append(part.exact);
    else this.exact = null;
    this.sketch ??= new QuantileSketch(part.sketch.k);
    this.sketch.merge(QuantileSketch.fromState(part.sketch));
  }

  side(): NumericValues | NumericSummary | CategoryCounts {
    if (this.kind === 'categorical')
      return { kind: 'categorical', counts: this.counts, missing: this.missing };
    if (this.exact) return { kind: 'numeric', sorted: sortFloat64(this.exact.done()), missing: this.missing };
    return this.sketch!.toSummary(this.missing);
  }
}

/**
 * Parts of the reference's byte ranges merged in file order. Counts, missing counts and values held exactly are the
 * one stream's; a feature past its limit is the merge of the ranges' sketches (QuantileSketch.merge keeps the
 * documented rank bound). A column read as numbers in some batches and text in others is not mergeable: how one
 * stream counts it depends on where its batches are cut, so `mixed` names it, to be read again in one stream.
 */
export class ReferenceMerge {
  private readonly features = new Map<string, FeatureMerge>();

  constructor(names: string[], limit: number) {
    for (const name of names) this.features.set(name, new FeatureMerge(limit));
  }

  /** Fold in the next range's parts (ranges in file order). */
  add(parts: Map<string, FeaturePart>): void {
    for (const [name, part] of parts) this.features.get(name)!.add(part);
  }

  /** Numeric features whose values so far are past the limit (no longer held exactly). */
  pastShare(): string[] {
    return [...this.features].filter(([, f]) => f.kind === 'numeric' && !f.exact).map(([name]) => name);
  }

  /** Features whose batches were numbers in one place and text in another. */
  get mixed(): string[] {
    const both = BATCH_NUMBERS | BATCH_TEXT;
    return [...this.features].filter(([, f]) => (f.batchKinds & both) === both).map(([name]) => name);
  }

  /** Each feature's side, and the features reduced to sketches. */
  sides(): { sides: Map<string, NumericValues | NumericSummary | CategoryCounts>; sketched: string[] } {
    const sides = new Map<string, NumericValues | NumericSummary | CategoryCounts>();
    const sketched: string[] = [];
    for (const [name, f] of this.features) {
      sides.set(name, f.side());
      if (f.kind !== 'categorical' && !f.exact) sketched.push(name);
    }
    return { sides, sketched };
  }
}
