// evaluate-challenger over athena://database/table sources: the evaluation is planned as one SQL query (join,
// windows, per-score counts), Athena runs it, and core finishes it from the counts (see docs/athena.md).
import {
  athenaDialect,
  checkSummary,
  type EvaluationOutcome,
  evaluateSummary,
  isAthenaSource,
  type JoinedPredictions,
  parseAthenaSource,
  planEvaluationQuery,
  readEvaluationSummary,
  type SqlDialect,
  type SummaryRow,
  UserError,
} from '@mlops-actions/core';
import { type ActionDeps, runAthenaStep } from '@mlops-actions/github';
import { decisionSettings, type EvaluateInputs } from './inputs.js';

/** Whether evaluate-challenger runs as SQL (either source is an Athena table). */
export const usesAthena = (inputs: EvaluateInputs): boolean =>
  isAthenaSource(inputs.challenger) || isAthenaSource(inputs.champion);

/** The query for these inputs, in a dialect (Athena in the action, DuckDB in tests). */
export function evaluationSql(inputs: EvaluateInputs, dialect: SqlDialect): string {
  if (inputs.champion && isAthenaSource(inputs.champion) !== isAthenaSource(inputs.challenger)) {
    throw new UserError('`champion` and `challenger` must both be athena:// tables, or both files.', {
      hint: 'Register the files as a Glue table (or copy the table out) so both sides are read the same way.',
    });
  }
  if (inputs.metric.kind === 'group-ranking') {
    throw new UserError(`Metric ${inputs.metric.name} is not supported with athena:// sources yet.`, {
      hint: 'Use average-precision, roc-auc, log-loss, brier, a threshold or a regression metric, or export the rows and evaluate them as files.',
    });
  }
  if (inputs.champion && inputs.bootstrap > 0) {
    throw new UserError(
      `bootstrap: ${inputs.bootstrap} needs both models' scores row by row, which an athena:// evaluation does not bring to the runner.`,
      {
        hint: 'Set `bootstrap: 0` (the decision then rests on the point estimate and says so), or evaluate exported files.',
      },
    );
  }
  const where = inputs.athena.where;
  const c = inputs.columns;
  const challenger = parseAthenaSource(inputs.challenger, 'challenger', where);
  const sameTable = !inputs.champion || inputs.champion === inputs.challenger;
  if (inputs.champion && sameTable && c.championScore === c.challengerScore) {
    throw new UserError('`champion` and `challenger` name the same table but one score column.', {
      hint: 'Set `champion-score-column` and `challenger-score-column` to the table’s two score columns.',
    });
  }
  return planEvaluationQuery({
    dialect,
    spec: inputs.metric,
    plan: { asOf: inputs.asOf, windowMs: inputs.windowMs, maxWindows: inputs.maxWindows },
    challenger,
    champion: sameTable ? undefined : parseAthenaSource(inputs.champion!, 'champion', where),
    columns: {
      id: c.id,
      timestamp: c.timestamp,
      label: c.label,
      challengerScore: c.challengerScore,
      championScore: inputs.champion ? c.championScore : undefined,
      slices: c.slices,
    },
  });
}

/** The evaluation from the engine's result rows (header first), as the local engine would decide it. */
export function evaluationFromRows(
  inputs: EvaluateInputs,
  rows: SummaryRow[],
): { outcome: EvaluationOutcome; asOf: number; stats: JoinedPredictions['stats'] } {
  const summary = readEvaluationSummary(rows.slice(1), inputs.maxWindows);
  const c = inputs.columns;
  checkSummary(inputs.metric, summary, {
    challenger: inputs.challenger,
    champion: inputs.champion,
    columns: { ...c, championScore: inputs.champion ? c.championScore : undefined },
  });
  const stat = (name: string) => summary.stats.get(name) ?? 0;
  if (stat('joined_rows') === 0) {
    throw new UserError(
      `No rows to evaluate in ${inputs.challenger}${inputs.athena.where ? ` where ${inputs.athena.where}` : ''}.`,
    );
  }
  const twoTables = Boolean(inputs.champion && inputs.champion !== inputs.challenger);
  const joinRate = twoTables
    ? stat('joined_rows') / Math.max(stat('challenger_rows'), stat('champion_rows'), 1)
    : inputs.champion
      ? 1
      : null;
  if (joinRate !== null && joinRate < inputs.minJoinRate) {
    throw new UserError(
      `Only ${(joinRate * 100).toFixed(2)}% of ids joined between champion (${stat('champion_rows')} rows) and challenger (${stat('challenger_rows')} rows) on "${c.id}"; min-join-rate is ${inputs.minJoinRate}.`,
      { hint: 'Evaluate both models on the same rows (the same athena-where on both tables).' },
    );
  }
  const asOf = inputs.asOf ?? stat('as_of');
  const outcome = evaluateSummary(summary, {
    ...decisionSettings(inputs),
    plan: { asOf, windowMs: inputs.windowMs, maxWindows: inputs.maxWindows },
    hasChampion: Boolean(inputs.champion),
    sliceColumns: c.slices,
  });
  return {
    outcome,
    asOf,
    stats: {
      challenger_rows: stat('challenger_rows'),
      champion_rows: inputs.champion ? (twoTables ? stat('champion_rows') : stat('challenger_rows')) : null,
      joined_rows: stat('joined_rows'),
      join_rate: joinRate,
    },
  };
}

/** Run the evaluation in Athena: plan, start (or reuse), wait, read the summary and finish it in core. */
export async function evaluateOnAthena(inputs: EvaluateInputs, deps: ActionDeps) {
  const sql = evaluationSql(inputs, athenaDialect);
  deps.logger.info(`Evaluating in Athena (workgroup ${inputs.athena.workgroup}); the query:`);
  deps.logger.info(sql);
  const { rows, engine } = await runAthenaStep(sql, inputs.athena, deps);
  return { ...evaluationFromRows(inputs, rows), engine };
}
