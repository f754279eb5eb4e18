import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibrate, calibrationBins, calibrationBinsOf, fitCalibration } from '../evaluation/cbpe.js';
import { seededRandom } from '../evaluation/random.js';
import { compareCategorical } from './categorical.js';
import { datasetDrift } from './compare.js';
import { chi2Contingency, POOLED_LEVEL, poolRareLevels } from './contingency.js';
import { DEFAULT_DRIFT_POLICY, decideFeatureDrift, driftPolicyRecord } from './decision.js';
import { type CategoryCounts, compareNumeric } from './features.js';
import { adjustPValues } from './multiple-testing.js';
import { chi2Isf, ksDetectableShift, levelMoveDetectable, ncx2Sf, normalQuantile } from './power.js';

// Reference values from SciPy 1.10 / scikit-learn 1.2 (fixtures/generate.py).
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/drift.json', import.meta.url), 'utf8'));

function expectClose(actual: number, expected: number, rel = 1e-10, abs = 1e-14) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(abs, rel * Math.abs(expected)));
}

const counts = (levels: string[], values: number[]): CategoryCounts => ({
  kind: 'categorical',
  counts: new Map(levels.map((l, i) => [l, values[i]!] as const).filter(([, c]) => c > 0)),
  missing: 0,
});

describe('contingency chi-square matches scipy.stats.chi2_contingency(correction=False)', () => {
  describe.each(fixtures.contingency as any[])('$name', (c) => {
    it('pools the same rare levels and gives the same statistic and p-value', () => {
      const table = poolRareLevels(c.levels, c.reference_counts, c.current_counts);
      expect(table.levels).toEqual(c.pooled_levels);
      expect(table.reference).toEqual(c.pooled_reference);
      expect(table.current).toEqual(c.pooled_current);
      const chi = chi2Contingency(table.reference, table.current);
      expectClose(chi.statistic, c.chi2_statistic, 1e-11);
      expectClose(chi.pValue, c.chi2_pvalue, 1e-9, 1e-300);
      expect(chi.df).toBe(c.dof);
    });
    it('is the test compareCategorical runs by default', () => {
      const f = compareCategorical(
        'x',
        counts(c.levels, c.reference_counts),
        counts(c.levels, c.current_counts),
      );
      expect(f.test).toBe('chisquare');
      expectClose(f.p_value!, c.chi2_pvalue, 1e-9, 1e-300);
      expect(f.levels!.tested).toBe(c.pooled_levels.length);
    });
  });

  it('names the pooled levels and keeps the pool at 5 expected rows or more', () => {
    const levels = ['a', 'b', 'c', 'd'];
    // d expects 3 × 455 / 1365 = 1 row in the smaller sample and c 4: both pooled; the pool expects 5, enough.
    const table = poolRareLevels(levels, [500, 400, 8, 2], [250, 200, 4, 1]);
    expect(table.levels).toEqual(['a', 'b', POOLED_LEVEL]);
    expect(table.pooled).toEqual(['c', 'd']);
    expect(table.reference).toEqual([500, 400, 10]);
    expect(table.current).toEqual([250, 200, 5]);
    // c + d expect 6 × 262 / 786 = 2 rows: not enough, so the next rarest level (b) joins the pool as well.
    const strict = poolRareLevels(levels, [500, 20, 3, 1], [250, 10, 2, 0]);
    expect(strict.pooled).toEqual(['b', 'c', 'd']);
    expect(strict.levels).toEqual(['a', POOLED_LEVEL]);
    // c expects 13 × 450 / 1363 = 4.3 rows: under 5, so pooled (alone it stays under 5, so b joins it).
    expect(poolRareLevels(['a', 'b', 'c'], [500, 400, 13], [250, 200, 0]).pooled).toEqual(['b', 'c']);
  });
});

describe('corrections across features', () => {
  it.each(fixtures.multiple_testing as any[])('holm and bh adjusted p-values ($p)', (c) => {
    adjustPValues(c.p, 'holm').forEach((v, i) => {
      expectClose(v, c.holm[i], 1e-12);
    });
    adjustPValues(c.p, 'bh').forEach((v, i) => {
      expectClose(v, c.bh[i], 1e-12);
    });
    expect(adjustPValues(c.p, 'none')).toEqual(c.p);
  });

  it('flags a feature only when its adjusted p-value is below the level AND its effect reaches the minimum', () => {
    const r = seededRandom(7);
    const normal = (n: number, shift: number) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++)
        out[i] = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()) + shift;
      return out.sort();
    };
    const side = (v: Float64Array) => ({ kind: 'numeric' as const, sorted: v, missing: 0 });
    // 0.05 σ at 200,000 rows: overwhelming evidence, negligible size. 0.3 σ: both.
    const tiny = compareNumeric('tiny', side(normal(200_000, 0)), side(normal(200_000, 0.05)));
    const big = compareNumeric('big', side(normal(5_000, 0)), side(normal(5_000, 0.3)));
    expect(tiny.p_value!).toBeLessThan(1e-10);
    expect(tiny.effect.value).toBeLessThan(0.1);
    const decided = decideFeatureDrift(new Map(Object.entries({ tiny, big })));
    expect(decided.get('tiny')!.drift).toBe(false);
    expect(decided.get('big')!.drift).toBe(true);
    expect(decided.get('big')!.p_value_adjusted).toBeCloseTo(Math.min(1, 2 * big.p_value!), 12);
    const noMinimum = decideFeatureDrift(new Map(Object.entries({ tiny, big })), {
      correction: 'holm',
      minShift: 0,
      minLevelMove: 0,
      minRows: 0,
    });
    expect(noMinimum.get('tiny')!.drift).toBe(true);
  });

  it('keeps a user-chosen distance test out of the family, decided by its own threshold', () => {
    const ref = { kind: 'numeric' as const, sorted: Float64Array.from([1, 2, 3, 4, 5]), missing: 0 };
    const cur = { kind: 'numeric' as const, sorted: Float64Array.from([2, 3, 4, 5, 6]), missing: 0 };
    const w = compareNumeric('w', ref, cur, { test: 'wasserstein' });
    const decided = decideFeatureDrift(new Map([['w', w]]), { ...DEFAULT_DRIFT_POLICY, minRows: 0 });
    expect(decided.get('w')!.p_value_adjusted).toBeNull();
    expect(decided.get('w')!.drift).toBe(true);
    expect(decided.get('w')!.detectable_shift).toBeNull();
  });

  it('gives no verdict on fewer than min-window-rows values on a side: insufficient data, out of the family', () => {
    const r = seededRandom(7);
    const side = (n: number, shift: number) => ({
      kind: 'numeric' as const,
      sorted: Float64Array.from({ length: n }, () => r() + shift).sort(),
      missing: 0,
    });
    // A one-row current window far from the reference (the year-9999 timestamp of issue 17) and a real shift.
    const lone = compareNumeric('lone', side(5_000, 0), side(1, 5));
    const shifted = compareNumeric('shifted', side(5_000, 0), side(5_000, 0.3));
    expect(lone.drift).toBe(true); // the raw test alone would call it drift
    const policy = { ...DEFAULT_DRIFT_POLICY, minRows: 100 };
    const decided = decideFeatureDrift(
      new Map([
        ['lone', lone],
        ['shifted', shifted],
      ]),
      policy,
    );
    expect(decided.get('lone')).toMatchObject({
      drift: false,
      p_value_adjusted: null,
      insufficient_data: { minimum: 100 },
    });
    // The family is the one feature with a verdict: Holm over one test leaves its p-value as it is.
    expect(decided.get('shifted')!.p_value_adjusted).toBe(shifted.p_value);
    expect(decided.get('shifted')!.drift).toBe(true);
    expect(driftPolicyRecord(decided, policy)).toMatchObject({ min_window_rows: 100, tests_corrected: 1 });
    expect(datasetDrift(decided, 0.5)).toEqual({ drifted: ['shifted'], share: 1, drift: true });
    // At the minimum itself the feature gets its verdict.
    const atMinimum = compareNumeric('m', side(100, 0), side(100, 5));
    expect(decideFeatureDrift(new Map([['m', atMinimum]]), policy).get('m')).toMatchObject({ drift: true });
    expect(
      decideFeatureDrift(new Map([['m', atMinimum]]), policy).get('m')!.insufficient_data,
    ).toBeUndefined();
  });
});

describe('detectable shift (power) helpers match SciPy', () => {
  it.each(fixtures.distributions.norm_ppf as any[])('norm.ppf($p)', ({ p, x }) => {
    expectClose(normalQuantile(p), x, 2e-9, 1e-9);
  });
  it.each(fixtures.distributions.chi2_isf as any[])('chi2.isf($alpha, $df)', ({ alpha, df, x }) => {
    expectClose(chi2Isf(alpha, df), x, 1e-9);
  });
  it.each(fixtures.distributions.ncx2_sf as any[])('ncx2.sf($x, $df, $nc)', ({ x, df, nc, sf }) => {
    expectClose(ncx2Sf(x, df, nc), sf, 1e-9, 1e-15);
  });

  it('shrinks as samples grow and grows with a stricter level', () => {
    const a = ksDetectableShift(0.05, 1000, 1000)!;
    const b = ksDetectableShift(0.05, 100_000, 100_000)!;
    expect(b).toBeLessThan(a / 9);
    expect(ksDetectableShift(0.005, 1000, 1000)!).toBeGreaterThan(a);
    const move = levelMoveDetectable(0.05, 5000, 5000, 2, [0.45, 0.45])!;
    expect(move).toBeGreaterThan(0.01);
    expect(move).toBeLessThan(0.05);
  });

  it('reports the detectable shift per feature, never below the minimum effect', () => {
    const ref = {
      kind: 'numeric' as const,
      sorted: Float64Array.from({ length: 50_000 }, (_, i) => i),
      missing: 0,
    };
    const f = compareNumeric('x', ref, ref);
    expect(f.detectable_shift).toBe(0.1);
    const small = {
      kind: 'numeric' as const,
      sorted: Float64Array.from({ length: 100 }, (_, i) => i),
      missing: 0,
    };
    expect(compareNumeric('x', small, small).detectable_shift!).toBeGreaterThan(0.3);
  });
});

describe('CBPE calibration matches sklearn.calibration.calibration_curve(strategy="quantile") and numpy.interp', () => {
  it.each(fixtures.calibration as any[])('seed $seed, n $n', (c) => {
    const r = seededRandom(c.seed);
    const scores = new Float64Array(c.n);
    const labels = new Float64Array(c.n);
    for (let i = 0; i < c.n; i++) scores[i] = Math.floor(r() * 200) / 200;
    for (let i = 0; i < c.n; i++) labels[i] = r() < scores[i]! ** c.slope ? 1 : 0;
    const rows = Uint32Array.from({ length: c.n }, (_, i) => i);
    const bins = calibrationBins(c.n);
    expect(bins).toBe(c.bins);
    const fitted = fitCalibration(scores, labels, rows, calibrationBinsOf(scores, rows, bins), bins);
    expect(fitted.y.length).toBe(c.prob_true.length);
    fitted.y.forEach((v, i) => {
      expectClose(v, c.prob_true[i], 1e-12);
    });
    fitted.x.forEach((v, i) => {
      expectClose(v, c.prob_pred[i], 1e-12);
    });
    c.grid.forEach((x: number, i: number) => {
      expectClose(calibrate(fitted, x), c.calibrated[i], 1e-12, 1e-12);
    });
  });
});
