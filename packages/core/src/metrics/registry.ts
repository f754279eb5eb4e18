import { UserError } from '../errors.js';
import {
  averagePrecision,
  averagePrecisionUnweighted,
  brier,
  logLoss,
  orderByScoreDesc,
  rocAuc,
  rocAucUnweighted,
  thresholdMetric,
} from './classification.js';
import { mapAtK, ndcgAtK } from './ranking.js';
import { mae, r2, rmse } from './regression.js';

/** How a metric reads its inputs. */
type MetricKind = 'ranking' | 'probability' | 'threshold' | 'group-ranking' | 'regression';

/** A parsed objective metric. */
export interface MetricSpec {
  /** Canonical name, e.g. `average-precision`, `map@10`. */
  name: string;
  kind: MetricKind;
  /** Whether a larger value is better; lower-is-better metrics invert comparisons, never the number. */
  higherIsBetter: boolean;
  /** What the label column must hold. */
  labels: 'binary' | 'relevance' | 'real';
  /** Cut-off for map@k / ndcg@k. */
  k?: number;
  /** Decision threshold for threshold metrics. */
  threshold?: number;
  /** The reference implementation users can reproduce the value with. */
  reference: string;
}

const FIXED: Record<string, Omit<MetricSpec, 'name' | 'threshold'>> = {
  'average-precision': {
    kind: 'ranking',
    higherIsBetter: true,
    labels: 'binary',
    reference: 'sklearn.metrics.average_precision_score',
  },
  'roc-auc': {
    kind: 'ranking',
    higherIsBetter: true,
    labels: 'binary',
    reference: 'sklearn.metrics.roc_auc_score',
  },
  'log-loss': {
    kind: 'probability',
    higherIsBetter: false,
    labels: 'binary',
    reference: 'sklearn.metrics.log_loss(labels=[0, 1])',
  },
  brier: {
    kind: 'probability',
    higherIsBetter: false,
    labels: 'binary',
    reference: 'sklearn.metrics.brier_score_loss',
  },
  accuracy: {
    kind: 'threshold',
    higherIsBetter: true,
    labels: 'binary',
    reference: 'sklearn.metrics.accuracy_score(y, score >= threshold)',
  },
  precision: {
    kind: 'threshold',
    higherIsBetter: true,
    labels: 'binary',
    reference: 'sklearn.metrics.precision_score(y, score >= threshold)',
  },
  recall: {
    kind: 'threshold',
    higherIsBetter: true,
    labels: 'binary',
    reference: 'sklearn.metrics.recall_score(y, score >= threshold)',
  },
  f1: {
    kind: 'threshold',
    higherIsBetter: true,
    labels: 'binary',
    reference: 'sklearn.metrics.f1_score(y, score >= threshold)',
  },
  rmse: {
    kind: 'regression',
    higherIsBetter: false,
    labels: 'real',
    reference: 'sklearn.metrics.mean_squared_error(squared=False)',
  },
  mae: {
    kind: 'regression',
    higherIsBetter: false,
    labels: 'real',
    reference: 'sklearn.metrics.mean_absolute_error',
  },
  r2: { kind: 'regression', higherIsBetter: true, labels: 'real', reference: 'sklearn.metrics.r2_score' },
};

/** Every metric name accepted by the `metric` input. */
const METRIC_NAMES = [...Object.keys(FIXED), 'map@K', 'ndcg@K'];

/** Parse a metric name (`average-precision`, `map@10`, ...); unknown names are a UserError listing the valid ones. */
export function parseMetric(name: string, threshold = 0.5): MetricSpec {
  const clean = name.trim().toLowerCase();
  const fixed = FIXED[clean];
  if (fixed) return { name: clean, ...fixed, ...(fixed.kind === 'threshold' ? { threshold } : {}) };
  const ranked = clean.match(/^(map|ndcg)@(\d+)$/);
  if (ranked) {
    const k = Number(ranked[2]);
    if (k < 1) throw new UserError(`Metric "${name}": k must be at least 1.`);
    return ranked[1] === 'map'
      ? {
          name: clean,
          kind: 'group-ranking',
          higherIsBetter: true,
          labels: 'binary',
          k,
          reference: 'mean over groups of AP@k (see README)',
        }
      : {
          name: clean,
          kind: 'group-ranking',
          higherIsBetter: true,
          labels: 'relevance',
          k,
          reference: 'sklearn.metrics.ndcg_score(k=k) per group',
        };
  }
  throw new UserError(`Unknown metric ${JSON.stringify(name)}.`, {
    hint: `Use one of: ${METRIC_NAMES.join(', ')}.`,
  });
}

/** True when `a` is better than `b` under the metric's direction. */
export function isBetter(spec: MetricSpec, a: number, b: number): boolean {
  return spec.higherIsBetter ? a > b : a < b;
}

/** `a - b` oriented so that positive always means "a is better". */
export function improvement(spec: MetricSpec, a: number, b: number): number {
  return spec.higherIsBetter ? a - b : b - a;
}

/** Columns one model contributes to a metric. */
export interface MetricColumns {
  labels: Float64Array;
  scores: Float64Array;
  /** Dense group codes (0..G-1), required for group-ranking metrics. */
  groups?: Int32Array;
}

/** A window's rows prepared once (sorted) so the metric can be recomputed cheaply under resampling weights. */
export interface PreparedRows {
  rows: Uint32Array;
  /** For ranking metrics: rows by score descending. For group ranking: rows by group, then score descending. */
  order?: Uint32Array;
  groupStarts?: Uint32Array;
  /** Group code of each run in groupStarts (group ranking). */
  groupCodes?: Int32Array;
}

/** Sort a window's rows once for a metric. */
export function prepareRows(spec: MetricSpec, columns: MetricColumns, rows: Uint32Array): PreparedRows {
  // Ranking metrics sort lazily: unweighted values need no row order (see classification.ts); the bootstrap's
  // weighted values sort once and reuse the order.
  if (spec.kind === 'ranking') return { rows };
  if (spec.kind !== 'group-ranking') return { rows };
  const groups = columns.groups;
  if (!groups) throw new Error(`${spec.name} needs group codes`);
  const { scores } = columns;
  const order = Uint32Array.from(rows).sort(
    (a, b) => groups[a]! - groups[b]! || scores[b]! - scores[a]! || a - b,
  );
  const starts: number[] = [];
  const codes: number[] = [];
  for (let j = 0; j < order.length; j++) {
    if (j === 0 || groups[order[j]!] !== groups[order[j - 1]!]) {
      starts.push(j);
      codes.push(groups[order[j]!]!);
    }
  }
  starts.push(order.length);
  return { rows, order, groupStarts: Uint32Array.from(starts), groupCodes: Int32Array.from(codes) };
}

/**
 * The metric on prepared rows, or null where it is undefined. `rowWeights` (indexed by row) or `groupWeights`
 * (indexed by group code, for group-ranking metrics) re-weight rows for the bootstrap.
 */
export function computeMetric(
  spec: MetricSpec,
  columns: MetricColumns,
  prepared: PreparedRows,
  rowWeights?: Float64Array,
  groupWeights?: Float64Array,
): number | null {
  const { labels, scores } = columns;
  if (prepared.rows.length === 0) return null;
  switch (spec.kind) {
    case 'ranking':
      if (!rowWeights)
        return spec.name === 'roc-auc'
          ? rocAucUnweighted(labels, scores, prepared.rows)
          : averagePrecisionUnweighted(labels, scores, prepared.rows);
      prepared.order ??= orderByScoreDesc(scores, prepared.rows);
      return spec.name === 'roc-auc'
        ? rocAuc(labels, scores, prepared.order, rowWeights)
        : averagePrecision(labels, scores, prepared.order, rowWeights);
    case 'probability':
      return spec.name === 'log-loss'
        ? logLoss(labels, scores, prepared.rows, rowWeights)
        : brier(labels, scores, prepared.rows, rowWeights);
    case 'threshold':
      return thresholdMetric(
        spec.name as 'accuracy',
        labels,
        scores,
        spec.threshold ?? 0.5,
        prepared.rows,
        rowWeights,
      );
    case 'regression':
      if (spec.name === 'rmse') return rmse(labels, scores, prepared.rows, rowWeights);
      if (spec.name === 'mae') return mae(labels, scores, prepared.rows, rowWeights);
      return r2(labels, scores, prepared.rows, rowWeights);
    case 'group-ranking': {
      let weights: Float64Array | undefined;
      if (groupWeights) {
        weights = new Float64Array(prepared.groupCodes!.length);
        for (let g = 0; g < weights.length; g++) weights[g] = groupWeights[prepared.groupCodes![g]!]!;
      }
      return spec.name.startsWith('map@')
        ? mapAtK(labels, prepared.order!, prepared.groupStarts!, spec.k!, weights)
        : ndcgAtK(labels, scores, prepared.order!, prepared.groupStarts!, spec.k!, weights);
    }
  }
}

/** Convenience: the metric over all rows of plain arrays (no windows, no weights). */
export function metricValue(spec: MetricSpec, columns: MetricColumns): number | null {
  const rows = new Uint32Array(columns.labels.length);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  return computeMetric(spec, columns, prepareRows(spec, columns, rows));
}
