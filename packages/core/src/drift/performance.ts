import { UserError } from '../errors.js';
import { rowsByWindow, type WindowPlan, windowBounds } from '../evaluation/windows.js';
import { computeMetric, type MetricColumns, type MetricSpec, prepareRows } from '../metrics/registry.js';
import type { DriftResult, PerformanceWindow } from './result.js';

const iso = (ms: number) => new Date(ms).toISOString();
const fmt = (v: number) => Number(v.toPrecision(6)).toString();

/** Predictions joined with their outcomes by event id: a label per prediction (NaN when no outcome arrived yet). */
export interface JoinedOutcomes {
  labels: Float64Array;
  stats: NonNullable<DriftResult['performance']['join']>;
  /** Predictions that repeat an earlier prediction's event id (each copy gets that event's outcome). */
  duplicateIds: number;
}

/**
 * Join outcomes (label by event id) onto predictions. Outcomes that match no prediction at all mean the two sides
 * use different ids: a user error quoting examples of each, naming `idColumn`.
 */
export function joinOutcomes(
  ids: readonly string[],
  outcomes: ReadonlyMap<string, number>,
  idColumn: string,
): JoinedOutcomes {
  const labels = new Float64Array(ids.length).fill(Number.NaN);
  const seen = new Set<string>();
  let duplicateIds = 0;
  let matched = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (seen.has(id)) duplicateIds++;
    else seen.add(id);
    const label = outcomes.get(id);
    if (label !== undefined) {
      labels[i] = label;
      matched++;
    }
  }
  if (matched === 0 && outcomes.size > 0) {
    const examples = (values: Iterable<string>) =>
      [...values]
        .slice(0, 3)
        .map((x) => JSON.stringify(x))
        .join(', ');
    throw new UserError(
      `No outcome matches a prediction on "${idColumn}": e.g. prediction ids ${examples(ids.slice(0, 3))} vs outcome ids ${examples([...outcomes.keys()].slice(0, 3))}.`,
      { hint: 'Check `id-column` and that outcomes refer to these predictions (same event ids).' },
    );
  }
  return { labels, stats: { predictions: ids.length, outcomes: outcomes.size, matched }, duplicateIds };
}

/** How drift-report scores each window: the metric, and the share of labelled rows a window needs to be scored. */
export interface PerformanceRules {
  metric: MetricSpec;
  plan: WindowPlan;
  minLabelCoverage: number;
  /** Fewest predictions, and fewest labelled ones, for a window to be scored (min-window-rows; 0 = any). */
  minRows?: number;
}

/**
 * The metric per window on the labelled rows (NaN label = no outcome yet). A window is skipped, with the reason,
 * when it has no predictions, fewer than `minRows` predictions or labelled ones, too low a label coverage, or the metric is undefined on it (e.g. a single class). `counts`
 * (optional) makes each row stand for that many predictions: an engine's per-(window, label, score) counts.
 */
export function performanceWindows(
  rules: PerformanceRules,
  columns: MetricColumns,
  windowIndex: Int32Array,
  counts?: Float64Array,
): PerformanceWindow[] {
  const { metric, plan, minLabelCoverage } = rules;
  const minRows = rules.minRows ?? 0;
  const labeled = Uint8Array.from(columns.labels, (y) => (Number.isNaN(y) ? 0 : 1));
  const all = rowsByWindow(windowIndex, plan.maxWindows);
  const scored = rowsByWindow(windowIndex, plan.maxWindows, labeled);
  const windows: PerformanceWindow[] = [];
  for (let k = 0; k < plan.maxWindows; k++) {
    const { start, end } = windowBounds(plan, k);
    const rows = counts ? total(all[k]!, counts) : all[k]!.length;
    const labels = counts ? total(scored[k]!, counts) : scored[k]!.length;
    const coverage = rows ? labels / rows : null;
    const w: PerformanceWindow = {
      k,
      start: iso(start),
      end: iso(end),
      rows,
      labeled: labels,
      coverage,
      value: null,
    };
    if (rows === 0) w.skipped = 'no predictions';
    else if (rows < minRows) w.skipped = `insufficient data: ${fmt(rows)} predictions, fewer than ${minRows}`;
    else if (coverage! < minLabelCoverage)
      w.skipped = `label coverage ${fmt(coverage! * 100)}% below ${fmt(minLabelCoverage * 100)}%`;
    else if (labels < minRows)
      w.skipped = `insufficient data: ${fmt(labels)} labelled predictions, fewer than ${minRows}`;
    else {
      w.value = computeMetric(metric, columns, prepareRows(metric, columns, scored[k]!), counts);
      if (w.value === null) w.skipped = `${metric.name} undefined (e.g. a single class)`;
    }
    windows.push(w);
  }
  return windows;
}

/** The predictions a set of rows stands for. */
function total(rows: Uint32Array, counts: Float64Array): number {
  let n = 0;
  for (const r of rows) n += counts[r]!;
  return n;
}
